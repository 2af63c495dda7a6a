package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.argusvms.playback.ChunkJson;
import io.argusvms.playback.PlaybackService;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Server-to-server reads of this server's own archive (no federation, so no recursion): the chunk
 * records playlists and exports are built from, and this server's periods. Any authenticated
 * caller may read them (a peer sends a token it minted with the System's shared secret); they
 * show nothing a viewer cannot already get from the public endpoints.
 */
final class InternalRoutes extends AllDirectives {
  private final PlaybackService playback;

  InternalRoutes(PlaybackService playback) {
    this.playback = playback;
  }

  Route route() {
    return pathPrefix(segment("internal").slash("cameras").slash(segment()), id -> get(() -> concat(
        path("chunks", () -> TimeSpan.param(TimeSpan.MAX_PLAYBACK, s ->
            onSuccess(playback.ownChunks(id, s.fromMs(), s.toMs()), chunks -> complete(Json.ok(ChunkJson.toJson(chunks)))))),
        path("periods", () -> TimeSpan.param(TimeSpan.MAX_PERIODS, s ->
            onSuccess(playback.ownPeriods(id, s.fromMs(), s.toMs()), periods -> complete(Json.ok(Views.periods(periods)))))))));
  }
}

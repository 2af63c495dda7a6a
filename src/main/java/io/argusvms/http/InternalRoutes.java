package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.argusvms.playback.ChunkJson;
import io.argusvms.playback.Periods;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Server-to-server reads of this server's own archive (no federation, so no recursion): the chunk
 * records playlists and exports are built from, and this server's periods. Any authenticated
 * caller may read them (a peer sends a token it minted with the System's shared secret); they
 * show nothing a viewer cannot already get from the public endpoints.
 */
final class InternalRoutes extends AllDirectives {
  private final ApiContext ctx;

  InternalRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  Route route() {
    return pathPrefix(segment("internal").slash("cameras").slash(segment()), id -> get(() -> concat(
        path("chunks", () -> span(TimeSpan.MAX_PLAYBACK, s ->
            onSuccess(ctx.blocking(() -> ctx.backend().chunks(id, s.fromMs(), s.toMs())),
                chunks -> complete(Json.ok(ChunkJson.toJson(chunks)))))),
        path("periods", () -> span(TimeSpan.MAX_PERIODS, s ->
            onSuccess(ctx.blocking(() -> ctx.backend().chunks(id, s.fromMs(), s.toMs())),
                chunks -> complete(Json.ok(Views.periods(Periods.of(chunks, ctx.backend().serverId(),
                    s.fromMs(), s.toMs(), ArchiveRoutes.JOIN_GAP_MS))))))))));
  }

  private Route span(java.time.Duration max, java.util.function.Function<TimeSpan, Route> inner) {
    return parameterOptional("from", from -> parameterOptional("to", to ->
        inner.apply(TimeSpan.parse(from, to, max))));
  }
}

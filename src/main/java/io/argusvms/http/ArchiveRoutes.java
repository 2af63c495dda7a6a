package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.playback.ChunkMedia;
import io.argusvms.playback.HlsPlaylists;
import io.argusvms.playback.Mp4Export;
import io.argusvms.playback.Periods;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ContentRange;
import org.apache.pekko.http.javadsl.model.headers.RangeUnits;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recorded periods, HLS playlists (VOD and live), the media segments they name, and MP4 export.
 * Segments are whole chunk files served with Range support: the playlists address keyframe
 * intervals as EXT-X-BYTERANGEs of them, so one URL per chunk serves every segment.
 */
final class ArchiveRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(ArchiveRoutes.class);
  static final long JOIN_GAP_MS = 1000;
  static final long LIVE_LOOKBACK_MS = 120_000;
  static final int LIVE_WINDOW = 6;
  private static final ContentType M3U8 = ContentTypes.parse("application/vnd.apple.mpegurl");
  private static final ContentType MPEG_TS = ContentTypes.parse("video/mp2t");
  private static final ContentType MP4 = ContentTypes.create(MediaTypes.VIDEO_MP4);
  private static final Pattern TS_NAME = Pattern.compile("(\\d{1,19})\\.ts");

  private final ApiContext ctx;

  ArchiveRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  /** Mounted under /api/v1, after authentication (the principal's token goes into media URLs). */
  Route route(Principal who) {
    return pathPrefix(segment("cameras").slash(segment()), id -> get(() -> concat(
        path("periods", () -> span(TimeSpan.MAX_PERIODS, s -> withCamera(id, () ->
            onSuccess(chunks(id, s.fromMs(), s.toMs()), chunks -> complete(Json.ok(Views.periods(
                Periods.of(chunks, ctx.backend().serverId(), s.fromMs(), s.toMs(), JOIN_GAP_MS)))))))),
        path("archive.m3u8", () -> span(TimeSpan.MAX_PLAYBACK, s -> withCamera(id, () ->
            onSuccess(chunks(id, s.fromMs(), s.toMs()), chunks -> complete(playlist(
                HlsPlaylists.vod(chunks, s.fromMs(), s.toMs(), segmentUrls(who)))))))),
        path("live.m3u8", () -> withCamera(id, () -> {
          long now = ctx.clock().millis();
          return onSuccess(chunks(id, now - LIVE_LOOKBACK_MS, Long.MAX_VALUE), chunks -> complete(playlist(
              HlsPlaylists.live(chunks, LIVE_WINDOW, segmentUrls(who)))));
        })),
        path("export.mp4", () -> span(TimeSpan.MAX_PLAYBACK, s -> withCamera(id, () ->
            onSuccess(chunks(id, s.fromMs(), s.toMs()), chunks -> export(id, chunks, s))))),
        path(segment("chunks").slash(segment(TS_NAME)), startMs -> withCamera(id, () ->
            optionalHeaderValueByName("Range", range -> media(id, Long.parseLong(startMs), range)))))));
  }

  private Route span(java.time.Duration max, java.util.function.Function<TimeSpan, Route> inner) {
    return parameterOptional("from", from -> parameterOptional("to", to ->
        inner.apply(TimeSpan.parse(from, to, max))));
  }

  private Route withCamera(String id, java.util.function.Supplier<Route> inner) {
    if (ctx.backend().camera(id).isEmpty()) throw ApiException.notFound("camera '" + id + "'");
    return inner.get();
  }

  private java.util.concurrent.CompletionStage<List<ChunkRecord>> chunks(String id, long from, long to) {
    return ctx.blocking(() -> ctx.backend().chunks(id, from, to));
  }

  /** Relative to the playlist's URL; carries a fresh token so a player needs no headers. */
  private HlsPlaylists.SegmentUrls segmentUrls(Principal who) {
    String token = ctx.tokens().issue(who).token();
    return chunk -> "chunks/" + chunk.startMs() + ".ts?token=" + token;
  }

  private static HttpResponse playlist(String text) {
    return HttpResponse.create().withEntity(HttpEntities.create(M3U8, ByteString.fromString(text)))
        .addHeader(RawHeader.create("Cache-Control", "no-cache"));
  }

  private Route media(String id, long startMs, Optional<String> rangeHeader) {
    return onSuccess(ctx.blocking(() -> ctx.backend().chunks(id, startMs, startMs + 1).stream()
            .filter(c -> c.startMs() == startMs && Files.isReadable(Path.of(c.path())))
            .findFirst()),
        found -> {
          ChunkRecord chunk = found.orElseThrow(() -> ApiException.notFound("chunk " + startMs + " of camera '" + id + "'"));
          // Only flushed bytes count (sizeBytes), so every range we promise is readable.
          long size = chunk.sizeBytes();
          HttpHeader acceptRanges = RawHeader.create("Accept-Ranges", "bytes");
          Optional<ByteRange> range;
          try {
            range = ByteRange.parse(rangeHeader.orElse(null), size);
          } catch (ByteRange.Unsatisfiable e) {
            return complete(Json.error(416, "range_not_satisfiable", "The chunk has " + size + " bytes.")
                .addHeader(ContentRange.create(RangeUnits.BYTES,
                    org.apache.pekko.http.javadsl.model.ContentRange.createUnsatisfiable(size))));
          }
          long offset = range.map(ByteRange::first).orElse(0L);
          long length = range.map(ByteRange::length).orElse(size);
          Source<ByteString, ?> bytes = StreamConverters.fromInputStream(() -> ChunkMedia.openRange(chunk, offset, length));
          HttpResponse response = HttpResponse.create()
              .withEntity(HttpEntities.create(MPEG_TS, length, bytes))
              .addHeader(acceptRanges);
          if (range.isPresent()) {
            response = response.withStatus(StatusCodes.PARTIAL_CONTENT).addHeader(ContentRange.create(RangeUnits.BYTES,
                org.apache.pekko.http.javadsl.model.ContentRange.create(offset, offset + length - 1, size)));
          }
          return complete(response);
        });
  }

  /** Streams the MP4 as Mp4Export writes it (on the blocking executor), never holding it in memory. */
  private Route export(String id, List<ChunkRecord> chunks, TimeSpan s) {
    if (chunks.isEmpty()) {
      throw new ApiException(404, "no_recording", "Camera '" + id + "' has no recording between "
          + s.fromMs() + " and " + s.toMs() + ".");
    }
    Pair<OutputStream, Source<ByteString, NotUsed>> pipe =
        StreamConverters.asOutputStream().preMaterialize(ctx.system());
    ctx.blocking().execute(() -> {
      try (OutputStream out = pipe.first()) {
        Mp4Export.write(chunks, s.fromMs(), s.toMs(), out);
      } catch (Exception e) {
        // Headers are gone already; the client sees a short file. Say so to the operator.
        log.warn("MP4 export of camera {} [{}, {}) stopped: {}", id, s.fromMs(), s.toMs(), e.toString());
      }
    });
    String filename = "argus-" + id + "-" + s.fromMs() + ".mp4";
    return complete(HttpResponse.create()
        .withEntity(HttpEntities.createChunked(MP4, pipe.second()))
        .addHeader(RawHeader.create("Content-Disposition", "attachment; filename=\"" + filename + "\"")));
  }
}

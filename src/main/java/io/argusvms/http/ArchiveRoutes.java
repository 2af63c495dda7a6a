package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.playback.PlaybackService;
import io.argusvms.system.ServiceException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
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
 * The HTTP face of {@link PlaybackService}: recorded periods, HLS playlists (VOD and live), the
 * media segments they name, and MP4 export. Segments are whole chunk files served with Range
 * support: the playlists address keyframe intervals as EXT-X-BYTERANGEs of them, so one URL per
 * chunk serves every segment. This class only shapes requests and responses.
 */
final class ArchiveRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(ArchiveRoutes.class);
  private static final ContentType M3U8 = ContentTypes.parse("application/vnd.apple.mpegurl");
  private static final ContentType MPEG_TS = ContentTypes.parse("video/mp2t");
  private static final ContentType MP4 = ContentTypes.create(MediaTypes.VIDEO_MP4);
  private static final ContentType JPEG = ContentTypes.create(MediaTypes.IMAGE_JPEG);
  private static final Pattern TS_NAME = Pattern.compile("(\\d{1,19})\\.ts");
  private static final List<String> PROXIED_HEADERS = List.of("Content-Range", "Accept-Ranges", "WWW-Authenticate");

  private final ApiContext ctx;
  private final PlaybackService playback;

  ArchiveRoutes(ApiContext ctx, PlaybackService playback) {
    this.ctx = ctx;
    this.playback = playback;
  }

  /** Mounted under /api/v1, after authentication (the principal's token goes into media URLs). */
  Route route(Principal who) {
    return pathPrefix(segment("cameras").slash(segment()), id -> get(() -> concat(
        path("periods", () -> TimeSpan.param(TimeSpan.MAX_PERIODS, s ->
            onSuccess(playback.periods(id, s.fromMs(), s.toMs()), periods -> complete(Json.ok(Views.periods(periods)))))),
        path("archive.m3u8", () -> TimeSpan.param(TimeSpan.MAX_PLAYBACK, s ->
            onSuccess(playback.vodPlaylist(id, s.fromMs(), s.toMs(), mediaToken(who, id, Duration.ofMillis(s.toMs() - s.fromMs()))),
                text -> complete(playlist(text))))),
        path("live.m3u8", () ->
            onSuccess(playback.livePlaylist(id, mediaToken(who, id, Duration.ZERO)), text -> complete(playlist(text)))),
        path("media-token", () -> {
          AuthTokens.Issued t = ctx.issueMediaToken(who, id, Duration.ZERO);
          return complete(Json.ok(Json.object().put("token", t.token()).put("expiresAt", t.expiresAtMs())));
        }),
        path("export.mp4", () -> TimeSpan.param(TimeSpan.MAX_PLAYBACK, s ->
            onSuccess(playback.export(id, s.fromMs(), s.toMs()), this::export))),
        path("snapshot.jpg", () -> parameterOptional("width", width -> parameterOptional("at", at ->
            onSuccess(playback.snapshot(id, at.isPresent() ? TimeSpan.epochMs("at", at) : null,
                width.map(ArchiveRoutes::snapshotWidth).orElse(null)), bytes -> complete(jpeg(bytes)))))),
        path(segment("chunks").slash(segment(TS_NAME)), startText -> parameterOptional("server", server ->
            optionalHeaderValueByName("Range", range -> {
              long startMs = startMs(startText);
              return server.isEmpty() || playback.isSelf(server.get())
                  ? media(id, startMs, range)
                  : proxy(server.get(), id, startMs, range);
            }))))));
  }

  /**
   * A token a player can put in segment URLs (no headers needed): read-only, for this camera's
   * media only, alive {@link AuthTokens#MEDIA_TOKEN_TTL} beyond what the playlist plays.
   */
  private String mediaToken(Principal who, String cameraId, Duration playing) {
    return ctx.issueMediaToken(who, cameraId, playing).token();
  }

  /** Narrow enough for a tree's thumbnail, no wider than 4K. */
  static final int MIN_SNAPSHOT_WIDTH = 16;
  static final int MAX_SNAPSHOT_WIDTH = 3840;

  private static int snapshotWidth(String text) {
    try {
      int w = Integer.parseInt(text.trim());
      if (w >= MIN_SNAPSHOT_WIDTH && w <= MAX_SNAPSHOT_WIDTH) return w;
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw ServiceException.badRequest("width", "must be a whole number of pixels from " + MIN_SNAPSHOT_WIDTH
        + " to " + MAX_SNAPSHOT_WIDTH + ", not '" + text + "'");
  }

  private static HttpResponse jpeg(byte[] bytes) {
    return HttpResponse.create().withEntity(HttpEntities.create(JPEG, bytes))
        .addHeader(RawHeader.create("Cache-Control", "private, max-age=1"));
  }

  private static long startMs(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw ServiceException.badRequest("chunk", "start time out of range: " + digits);
    }
  }

  private static HttpResponse playlist(String text) {
    return HttpResponse.create().withEntity(HttpEntities.create(M3U8, ByteString.fromString(text)))
        .addHeader(RawHeader.create("Cache-Control", "no-cache"));
  }

  /**
   * The media of a chunk that lies on another server, streamed through this one: the Range header
   * goes on, the answer (status, Content-Range, body) comes back as the owner sent it. An owner
   * that does not answer is a 503 for this segment (a player skips or stops there).
   */
  private Route proxy(String serverId, String id, long startMs, Optional<String> range) {
    return onComplete(playback.remoteMedia(serverId, id, startMs, range), tried -> {
      if (tried.isFailure()) {
        log.info("chunk {} of camera {} from server {}: {}", startMs, id, serverId, tried.failed().get().toString());
        return complete(Json.error(503, "server_unreachable", "Server '" + serverId
            + "' holds this chunk and did not answer; try again later."));
      }
      HttpResponse remote = tried.get();
      HttpResponse response = HttpResponse.create().withStatus(remote.status()).withEntity(remote.entity());
      for (String name : PROXIED_HEADERS) {
        Optional<HttpHeader> h = remote.getHeader(name);
        if (h.isPresent()) response = response.addHeader(h.get());
      }
      return complete(response);
    });
  }

  private Route media(String id, long startMs, Optional<String> rangeHeader) {
    return onSuccess(playback.localChunk(id, startMs), found -> {
      ChunkRecord chunk = found.orElseThrow(() -> ServiceException.notFound("chunk " + startMs + " of camera '" + id + "'"));
      // Only flushed bytes count (sizeBytes), so every range we promise is readable.
      long size = chunk.sizeBytes();
      Optional<ByteRange> range;
      try {
        range = ByteRange.parse(rangeHeader.orElse(null), size);
      } catch (ByteRange.Unsatisfiable e) {
        // Two Pekko classes are called ContentRange: the header (imported) and the value (named in full).
        return complete(Json.error(416, "range_not_satisfiable", "The chunk has " + size + " bytes.")
            .addHeader(ContentRange.create(RangeUnits.BYTES,
                org.apache.pekko.http.javadsl.model.ContentRange.createUnsatisfiable(size))));
      }
      long offset = range.map(ByteRange::first).orElse(0L);
      long length = range.map(ByteRange::length).orElse(size);
      return onSuccess(playback.openLocalNow(chunk, offset, length), opened -> {
        InputStream in = opened.orElseThrow(() ->
            ServiceException.notFound("chunk " + startMs + " of camera '" + id + "' (no longer on disk)"));
        Source<ByteString, ?> bytes = StreamConverters.fromInputStream(() -> in);
        HttpResponse response = HttpResponse.create()
            .withEntity(HttpEntities.create(MPEG_TS, length, bytes))
            .addHeader(RawHeader.create("Accept-Ranges", "bytes"));
        if (range.isPresent()) {
          response = response.withStatus(StatusCodes.PARTIAL_CONTENT).addHeader(ContentRange.create(RangeUnits.BYTES,
              org.apache.pekko.http.javadsl.model.ContentRange.create(offset, offset + length - 1, size)));
        }
        return complete(response);
      });
    });
  }

  /**
   * Streams the MP4 as it is written (on the blocking executor), never holding it in memory;
   * chunks of other servers are read through their API as the remux goes.
   */
  private Route export(PlaybackService.Export export) {
    Pair<OutputStream, Source<ByteString, NotUsed>> pipe =
        StreamConverters.asOutputStream().preMaterialize(ctx.system());
    ctx.blocking().execute(() -> {
      try (OutputStream out = pipe.first()) {
        export.writeTo(out);
      } catch (Exception e) {
        // Headers are gone already; the client sees a short file. Say so to the operator.
        log.warn("MP4 export of camera {} [{}, {}) stopped: {}", export.cameraId(), export.fromMs(), export.toMs(),
            e.toString());
      }
    });
    return complete(HttpResponse.create()
        .withEntity(HttpEntities.createChunked(MP4, pipe.second()))
        .addHeader(RawHeader.create("Content-Disposition", "attachment; filename=\"" + export.filename() + "\"")));
  }
}

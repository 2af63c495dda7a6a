package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.playback.ArchiveSummary;
import io.argusvms.playback.ChunkMedia;
import io.argusvms.playback.ChunkSource;
import io.argusvms.playback.HlsPlaylists;
import io.argusvms.playback.LiveSequence;
import io.argusvms.playback.Mp4Export;
import io.argusvms.playback.Peer;
import io.argusvms.playback.PeerArchive;
import io.argusvms.playback.Period;
import io.argusvms.playback.Periods;
import io.argusvms.playback.SourcedChunk;
import io.argusvms.playback.SystemArchive;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
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
  static final long LIVE_AHEAD_MS = 600_000;
  private static final ContentType M3U8 = ContentTypes.parse("application/vnd.apple.mpegurl");
  private static final ContentType MPEG_TS = ContentTypes.parse("video/mp2t");
  private static final ContentType MP4 = ContentTypes.create(MediaTypes.VIDEO_MP4);
  private static final Pattern TS_NAME = Pattern.compile("(\\d{1,19})\\.ts");

  private final ApiContext ctx;
  private final SystemArchive federation;
  /** Per camera: live segment numbers stay stable across reloads on this server. */
  private final java.util.concurrent.ConcurrentMap<String, LiveSequence> liveSequences =
      new java.util.concurrent.ConcurrentHashMap<>();

  ArchiveRoutes(ApiContext ctx) {
    this.ctx = ctx;
    String self = ctx.backend().serverId();
    this.federation = new SystemArchive(self, new PeerArchive(ctx.system()),
        () -> ctx.tokens().issue(new Principal("server:" + self, Principal.VIEWER)).token());
  }

  /** Mounted under /api/v1, after authentication (the principal's token goes into media URLs). */
  Route route(Principal who) {
    return pathPrefix(segment("cameras").slash(segment()), id -> get(() -> concat(
        path("periods", () -> span(TimeSpan.MAX_PERIODS, s -> withCamera(id, () ->
            onSuccess(systemPeriods(id, s), periods -> complete(Json.ok(Views.periods(periods))))))),
        path("archive.m3u8", () -> span(TimeSpan.MAX_PLAYBACK, s -> withCamera(id, () ->
            onSuccess(systemChunks(id, s.fromMs(), s.toMs(), peers()), listing -> complete(playlist(
                HlsPlaylists.vod(records(listing), s.fromMs(), s.toMs(), segmentUrls(who, listing)))))))),
        path("live.m3u8", () -> withCamera(id, () -> {
          long now = ctx.clock().millis();
          // "to" a little in the future, not open-ended: peers take at most a 24 h span, and clocks differ.
          return onSuccess(systemChunks(id, now - LIVE_LOOKBACK_MS, now + LIVE_AHEAD_MS, livePeers(id)), listing ->
              complete(playlist(HlsPlaylists.live(records(listing), LIVE_WINDOW, liveSequence(id),
                  segmentUrls(who, listing)))));
        })),
        path("export.mp4", () -> span(TimeSpan.MAX_PLAYBACK, s -> withCamera(id, () ->
            onSuccess(systemChunks(id, s.fromMs(), s.toMs(), peers()), listing -> export(id, listing, s))))),
        path(segment("chunks").slash(segment(TS_NAME)), startMs -> withCamera(id, () ->
            parameterOptional("server", server ->
                optionalHeaderValueByName("Range", range -> server.isEmpty() || server.get().equals(self())
                    ? media(id, Long.parseLong(startMs), range)
                    : proxy(server.get(), id, Long.parseLong(startMs), range))))))));
  }

  private String self() {
    return ctx.backend().serverId();
  }

  /** Every other server of the System, with its URL and whether it is up. */
  private List<Peer> peers() {
    return ctx.backend().servers().stream()
        .map(v -> new Peer(v.info().id(), v.info().url(), v.online()))
        .filter(p -> !p.serverId().equals(self()))
        .toList();
  }

  /** Live needs only the server that records the camera now (besides this one). */
  private List<Peer> livePeers(String cameraId) {
    String recorder = ctx.backend().camera(cameraId).map(c -> c.status().serverId()).orElse(null);
    return peers().stream().filter(p -> p.serverId().equals(recorder)).toList();
  }

  private CompletionStage<SystemArchive.Listing> systemChunks(String id, long from, long to, List<Peer> peers) {
    return chunks(id, from, to).thenCompose(local -> federation.chunks(id, from, to, local, peers));
  }

  private CompletionStage<List<Period>> systemPeriods(String id, TimeSpan s) {
    List<Peer> peers = peers();
    Map<String, ArchiveSummary> summaries = ctx.backend().archiveSummaries(id);
    return chunks(id, s.fromMs(), s.toMs()).thenCompose(local -> federation.periods(id, s.fromMs(), s.toMs(),
        Periods.of(local, self(), s.fromMs(), s.toMs(), JOIN_GAP_MS), peers, summaries));
  }

  private static List<ChunkRecord> records(SystemArchive.Listing listing) {
    return listing.chunks().stream().map(SourcedChunk::chunk).toList();
  }

  /** Which server holds each chunk of a listing (by identity: records of two servers may be equal). */
  private static Map<ChunkRecord, SourcedChunk> owners(SystemArchive.Listing listing) {
    Map<ChunkRecord, SourcedChunk> owners = new IdentityHashMap<>();
    listing.chunks().forEach(c -> owners.put(c.chunk(), c));
    return owners;
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

  /** Starts at the wall clock in ms, so numbers of a restarted server never go backwards. */
  private LiveSequence liveSequence(String cameraId) {
    return liveSequences.computeIfAbsent(cameraId, id -> new LiveSequence(ctx.clock().millis()));
  }

  /**
   * Relative to the playlist's URL; carries a fresh token so a player needs no headers. Chunks of
   * another server name it ({@code ?server=}): this server fetches them from there (see proxy).
   */
  private HlsPlaylists.SegmentUrls segmentUrls(Principal who, SystemArchive.Listing listing) {
    String token = ctx.issueToken(who).token();
    Map<ChunkRecord, SourcedChunk> owners = owners(listing);
    return chunk -> {
      SourcedChunk owned = owners.getOrDefault(chunk, new SourcedChunk(self(), chunk));
      String owner = owned.serverId();
      return "chunks/" + owned.ownerStartMs() + ".ts?" + (owner.equals(self()) ? "" : "server=" + owner + "&")
          + "token=" + token;
    };
  }

  /**
   * The media of a chunk that lies on another server, streamed through this one: the Range header
   * goes on, the answer (status, Content-Range, body) comes back as the owner sent it, its bytes
   * flowing with back-pressure. An owner that is offline or unreachable is a 503 for this segment
   * (a player skips or stops there; the rest of the playlist stays playable).
   */
  private Route proxy(String serverId, String id, long startMs, Optional<String> range) {
    Peer peer = peers().stream().filter(p -> p.serverId().equals(serverId)).findFirst()
        .orElseThrow(() -> ApiException.notFound("server '" + serverId + "'"));
    if (!peer.online()) {
      throw new ApiException(503, "server_offline", "Server '" + serverId + "' holds this chunk and is offline; "
          + "it plays again when that server is back.");
    }
    return onComplete(federation.client().media(peer, id, startMs, range, federation.token()), tried -> {
      if (tried.isFailure()) {
        log.info("chunk {} of camera {} from server {}: {}", startMs, id, serverId, tried.failed().get().toString());
        return complete(Json.error(503, "server_unreachable", "Server '" + serverId
            + "' holds this chunk and did not answer; try again later."));
      }
      HttpResponse remote = tried.get();
      HttpResponse response = HttpResponse.create().withStatus(remote.status()).withEntity(remote.entity());
      for (String name : List.of("Content-Range", "Accept-Ranges", "WWW-Authenticate")) {
        Optional<HttpHeader> h = remote.getHeader(name);
        if (h.isPresent()) response = response.addHeader(h.get());
      }
      return complete(response);
    });
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

  /**
   * Streams the MP4 as Mp4Export writes it (on the blocking executor), never holding it in memory.
   * Chunks of other servers are read through their API as the remux goes (a Range request per
   * chunk, its body consumed as an InputStream with back-pressure), so no temp files.
   */
  private Route export(String id, SystemArchive.Listing listing, TimeSpan s) {
    if (listing.isEmpty()) {
      throw new ApiException(404, "no_recording", "Camera '" + id + "' has no recording between "
          + s.fromMs() + " and " + s.toMs() + (listing.unanswered().isEmpty() ? "." : " on the servers that are online."));
    }
    ChunkSource source = federation.chunkSource(id, listing, peers());
    List<ChunkRecord> chunks = records(listing);
    Pair<OutputStream, Source<ByteString, NotUsed>> pipe =
        StreamConverters.asOutputStream().preMaterialize(ctx.system());
    ctx.blocking().execute(() -> {
      try (OutputStream out = pipe.first()) {
        Mp4Export.write(chunks, s.fromMs(), s.toMs(), out, source);
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

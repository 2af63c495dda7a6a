package io.argusvms.playback;

import io.argusvms.archive.ChunkCatalog;
import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.MediaStore;
import io.argusvms.camera.CameraStatusRule;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStandby;
import io.argusvms.system.ServiceException;
import io.argusvms.system.SystemState;
import io.argusvms.system.SystemStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * A camera's archive as the whole System holds it, for the API: periods, VOD and live playlists,
 * the media of one chunk (here or on the server that holds it), and MP4 export. Everything but
 * HTTP shaping: which servers to ask (all online ones; for live only the one that records now),
 * the live segment numbering per camera, and segment URLs that name the chunk's owner.
 * Catalog reads block, so they run on {@code blocking}.
 */
public final class PlaybackService {
  /** Adjacent chunks of one server closer than this are one period. */
  public static final long JOIN_GAP_MS = 1000;
  static final long LIVE_LOOKBACK_MS = 120_000;
  static final int LIVE_WINDOW = 6;
  static final long LIVE_AHEAD_MS = 600_000;

  private final SystemStore store;
  private final String selfId;
  private final ChunkCatalog catalog;
  private final MediaStore media;
  private final ChunkSource local;
  private final Function<String, Map<String, ArchiveSummary>> summaries;
  private final SystemArchive federation;
  private final Clock clock;
  private final Executor blocking;
  /** Per camera: live segment numbers stay stable across reloads on this server. */
  private final ConcurrentMap<String, LiveSequence> liveSequences = new ConcurrentHashMap<>();
  private final SnapshotCache snapshots;

  /**
   * @param summaries serverId -> replicated archive summary, per camera (for servers that are offline)
   * @param serverToken mints a token other servers of the System accept
   */
  public PlaybackService(SystemStore store, String selfId, ChunkCatalog catalog, MediaStore media,
      Function<String, Map<String, ArchiveSummary>> summaries, PeerArchive peers, Supplier<String> serverToken,
      Clock clock, Executor blocking) {
    this.store = store;
    this.selfId = selfId;
    this.catalog = catalog;
    this.media = media;
    this.local = ChunkSource.local(media);
    this.summaries = summaries;
    this.federation = new SystemArchive(selfId, local, peers, serverToken);
    this.clock = clock;
    this.blocking = blocking;
    this.snapshots = new SnapshotCache(clock::millis);
  }

  /** A camera of the System's configuration, or a 404 refusal. */
  public void requireCamera(String id) {
    if (!store.state().cameras().containsKey(id)) throw ServiceException.notFound("camera '" + id + "'");
  }

  // ---- the System's archive

  public CompletionStage<List<Period>> periods(String id, long from, long to) {
    requireCamera(id);
    List<Peer> peers = peers();
    return ownChunks(id, from, to).thenCompose(local -> federation.periods(id, from, to,
        Periods.of(local, selfId, from, to, JOIN_GAP_MS), peers, summaries.apply(id)));
  }

  /** @param mediaToken goes into every segment URL, so a player needs no headers */
  public CompletionStage<String> vodPlaylist(String id, long from, long to, String mediaToken) {
    requireCamera(id);
    return systemChunks(id, from, to, peers()).thenApply(listing ->
        HlsPlaylists.vod(listing.records(), from, to, segmentUrls(listing, mediaToken)));
  }

  public CompletionStage<String> livePlaylist(String id, String mediaToken) {
    requireCamera(id);
    long now = clock.millis();
    // "to" a little in the future, not open-ended: peers take at most a 24 h span, and clocks differ.
    return systemChunks(id, now - LIVE_LOOKBACK_MS, now + LIVE_AHEAD_MS, livePeers(id)).thenApply(listing ->
        HlsPlaylists.live(listing.records(), LIVE_WINDOW, liveSequence(id), segmentUrls(listing, mediaToken)));
  }

  /** What an export of the span is made of (404 when nothing of it is recorded on the servers that answered). */
  public CompletionStage<Export> export(String id, long from, long to) {
    requireCamera(id);
    List<Peer> peers = peers();
    return systemChunks(id, from, to, peers).thenApply(listing -> {
      if (listing.isEmpty()) {
        throw new ServiceException(404, "no_recording", "Camera '" + id + "' has no recording between "
            + from + " and " + to + (listing.unanswered().isEmpty() ? "." : " on the servers that are online."));
      }
      return new Export(id, from, to, listing.records(), federation.chunkSource(id, listing, peers));
    });
  }

  /** A planned export: {@link #writeTo} remuxes it into fragmented MP4, blocking, reading chunks as it goes. */
  public record Export(String cameraId, long fromMs, long toMs, List<ChunkRecord> chunks, ChunkSource source) {
    public void writeTo(OutputStream out) throws IOException {
      Mp4Export.write(chunks, fromMs, toMs, out, source);
    }

    public String filename() {
      return "argus-" + cameraId + "-" + fromMs + ".mp4";
    }
  }

  // ---- snapshots

  /** How far back a snapshot looks for a keyframe before the time asked. */
  static final long SNAPSHOT_LOOKBACK_MS = 120_000;

  /**
   * The keyframe at or before {@code atMs} (null: the newest, live) as a JPEG {@code width} wide
   * (null: the camera's own), from whichever server recorded it. 503 while a live camera has no
   * whole GOP on disk yet; 404 when nothing is recorded before the time asked.
   */
  public CompletionStage<byte[]> snapshot(String id, Long atMs, Integer width) {
    requireCamera(id);
    String key = id + "|" + width + "|" + (atMs == null ? "live" : atMs);
    return snapshots.get(key, () -> {
      long at = atMs == null ? clock.millis() : atMs;
      List<Peer> peers = atMs == null ? livePeers(id) : peers();
      return systemChunks(id, at - SNAPSHOT_LOOKBACK_MS, at + 1, peers).thenApplyAsync(listing -> {
        SnapshotPlan plan = SnapshotPlan.at(listing.records(), at).orElseThrow(() -> atMs == null
            ? new ServiceException(503, "no_keyframe", "Camera '" + id + "' has no keyframe on disk yet; "
                + "try again in a moment.")
            : new ServiceException(404, "no_recording", "Camera '" + id + "' has no recording in the "
                + SNAPSHOT_LOOKBACK_MS / 1000 + " s before " + atMs + "."));
        ChunkSource source = federation.chunkSource(id, listing, peers);
        try (InputStream in = source.open(plan.chunk(), plan.offset(), plan.length())) {
          return SnapshotDecoder.jpeg(in, width);
        } catch (IOException e) {
          throw new ServiceException(503, "snapshot_unavailable", "Camera '" + id + "': the keyframe at "
              + plan.keyframeMs() + " could not be read or decoded: " + e.getMessage());
        }
      }, blocking);
    });
  }

  // ---- media of one chunk

  /** A chunk of this server's archive whose file is readable, by its start (blocking). */
  public CompletionStage<Optional<ChunkRecord>> localChunk(String id, long startMs) {
    requireCamera(id);
    return CompletableFuture.supplyAsync(() -> catalog.find(id, startMs, startMs + 1).stream()
        .filter(c -> c.startMs() == startMs)
        .filter(media::isReadable)
        .findFirst(), blocking);
  }

  /**
   * Bytes [offset, offset + length) of a local chunk, opened before any byte of an answer goes out:
   * retention may delete the file right after the catalog named it, and an open file keeps its
   * bytes. Empty when it cannot be opened (gone already): the caller answers 404, not a 200 whose
   * body breaks off.
   */
  public CompletionStage<Optional<InputStream>> openLocalNow(ChunkRecord chunk, long offset, long length) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return Optional.of(local.open(chunk, offset, length));
      } catch (IOException gone) {
        return Optional.<InputStream>empty();
      }
    }, blocking);
  }

  /**
   * The media of a chunk that lies on another server, as that server answers it (status, headers,
   * a streaming body). 404 for a server not in the System, 503 when it is offline; a failed stage
   * when it does not answer.
   */
  public CompletionStage<HttpResponse> remoteMedia(String serverId, String id, long startMs, Optional<String> range) {
    requireCamera(id);
    Peer peer = peers().stream().filter(p -> p.serverId().equals(serverId)).findFirst()
        .orElseThrow(() -> ServiceException.notFound("server '" + serverId + "'"));
    if (!peer.online()) {
      throw new ServiceException(503, "server_offline", "Server '" + serverId + "' holds this chunk and is offline; "
          + "it plays again when that server is back.");
    }
    return federation.client().media(peer, id, startMs, range, federation.token());
  }

  public boolean isSelf(String serverId) {
    return serverId.equals(selfId);
  }

  // ---- this server's own archive (what other servers ask for; no federation, so no recursion)

  /** This server's chunks of a camera, also of one the configuration no longer has (404 if neither). */
  public CompletionStage<List<ChunkRecord>> ownChunks(String id, long from, long to) {
    return CompletableFuture.supplyAsync(() -> {
      if (!store.state().cameras().containsKey(id) && catalog.latest(id).isEmpty()) {
        throw ServiceException.notFound("camera '" + id + "'");
      }
      return catalog.find(id, from, to);
    }, blocking);
  }

  public CompletionStage<List<Period>> ownPeriods(String id, long from, long to) {
    return ownChunks(id, from, to).thenApply(chunks -> Periods.of(chunks, selfId, from, to, JOIN_GAP_MS));
  }

  // ----

  // ---- live

  /**
   * The server that records the camera now, when it is another one and up; empty when this
   * server records it or nobody does.
   */
  public Optional<Peer> recorderElsewhere(String cameraId) {
    return livePeers(cameraId).stream().filter(Peer::online).findFirst();
  }

  /** The server holding the camera's warm standby (its stream arrives there too), when another one and up. */
  public Optional<Peer> warmStandbyElsewhere(String cameraId) {
    SystemState s = store.state();
    CameraConfig c = s.cameras().get(cameraId);
    CameraStandby st = c == null ? null : CameraStatusRule.standby(s, c);
    if (st == null || !st.warm()) return Optional.empty();
    return peers().stream().filter(p -> p.serverId().equals(st.serverId()) && p.online()).findFirst();
  }

  /** Mints a token other servers of the System accept (for relayed live streams). */
  public String serverToken() {
    return federation.token();
  }

  /** Every other server of the System, with its URL and whether it is up. */
  private List<Peer> peers() {
    SystemState s = store.state();
    return s.servers().values().stream()
        .filter(info -> !info.id().equals(selfId))
        .map(info -> new Peer(info.id(), info.url(), s.isOnline(info.id())))
        .toList();
  }

  /** Live needs only the server that records the camera now (besides this one). */
  private List<Peer> livePeers(String cameraId) {
    SystemState s = store.state();
    CameraConfig c = s.cameras().get(cameraId);
    String recorder = c == null ? null : CameraStatusRule.status(s, c).serverId();
    return peers().stream().filter(p -> p.serverId().equals(recorder)).toList();
  }

  private CompletionStage<SystemArchive.Listing> systemChunks(String id, long from, long to, List<Peer> peers) {
    return ownChunks(id, from, to).thenCompose(local -> federation.chunks(id, from, to, local, peers));
  }

  /** Starts at the wall clock in ms, so numbers of a restarted server never go backwards. */
  private LiveSequence liveSequence(String cameraId) {
    return liveSequences.computeIfAbsent(cameraId, id -> new LiveSequence(clock.millis()));
  }

  /**
   * Relative to the playlist's URL. Chunks of another server name it ({@code ?server=}): this
   * server fetches them from there ({@link #remoteMedia}).
   */
  private HlsPlaylists.SegmentUrls segmentUrls(SystemArchive.Listing listing, String token) {
    return chunk -> {
      SourcedChunk owned = listing.owner(chunk, selfId);
      String owner = owned.serverId();
      return "chunks/" + owned.ownerStartMs() + ".ts?" + (owner.equals(selfId) ? "" : "server=" + owner + "&")
          + "token=" + token;
    };
  }
}

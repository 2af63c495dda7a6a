package io.argusvms.playback;

import io.argusvms.archive.ChunkRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera's archive across the System: this server's catalog plus every online server's, asked
 * over HTTP in parallel with a short timeout ({@link PeerArchive#LIST_TIMEOUT}). A server that is
 * offline or does not answer in time is represented by its replicated {@link ArchiveSummary}
 * (its periods listed with available:false; its media left out of playlists and exports).
 */
public final class SystemArchive {
  private static final Logger log = LoggerFactory.getLogger(SystemArchive.class);

  private final String selfId;
  private final PeerArchive client;
  private final Supplier<String> token;
  private final ChunkSource local;

  /** @param token mints a token other servers accept (the System's shared secret) */
  public SystemArchive(String selfId, ChunkSource local, PeerArchive client, Supplier<String> token) {
    this.local = local;
    this.selfId = selfId;
    this.client = client;
    this.token = token;
  }

  public PeerArchive client() {
    return client;
  }

  public String token() {
    return token.get();
  }

  /**
   * What the System holds of a camera in a span, with the overlap rule applied ({@link SystemTimeline#trim}),
   * and which server holds each chunk: the one map of chunk to owner, by identity (records of two
   * servers may be equal).
   */
  public static final class Listing {
    private final List<SourcedChunk> chunks;
    private final Set<String> unanswered;
    private final Map<ChunkRecord, SourcedChunk> owners = new IdentityHashMap<>();

    public Listing(List<SourcedChunk> chunks, Set<String> unanswered) {
      this.chunks = List.copyOf(chunks);
      this.unanswered = Set.copyOf(unanswered);
      chunks.forEach(c -> owners.put(c.chunk(), c));
    }

    public List<SourcedChunk> chunks() {
      return chunks;
    }

    /** The chunk records alone, in the listing's order. */
    public List<ChunkRecord> records() {
      return chunks.stream().map(SourcedChunk::chunk).toList();
    }

    /** Servers that were asked and did not answer (or are offline). */
    public Set<String> unanswered() {
      return unanswered;
    }

    public boolean isEmpty() {
      return chunks.isEmpty();
    }

    /** Where a chunk of this listing lies; a record not in it is taken as {@code selfId}'s. */
    public SourcedChunk owner(ChunkRecord chunk, String selfId) {
      return owners.getOrDefault(chunk, new SourcedChunk(selfId, chunk));
    }
  }

  /**
   * Reads the chunks of a listing from wherever they lie: this server's disk, or the owner's API
   * (a Range request per chunk, its body consumed as an InputStream with back-pressure; no temp
   * files). Chunks are told apart by identity, as records of two servers may be equal.
   */
  public ChunkSource chunkSource(String cameraId, Listing listing, List<Peer> peers) {
    Map<String, Peer> byId = new HashMap<>();
    peers.forEach(p -> byId.put(p.serverId(), p));
    return new ChunkSource() {
      @Override
      public InputStream open(ChunkRecord chunk, long offset, long length) throws IOException {
        SourcedChunk owned = listing.owner(chunk, selfId);
        if (owned.serverId().equals(selfId)) return local.open(chunk, offset, length);
        Peer peer = byId.get(owned.serverId());
        if (peer == null) throw new IOException("server " + owned.serverId() + " is no longer in the System");
        return client.openRange(peer, cameraId, owned.ownerStartMs(), offset, length, token.get());
      }

      @Override
      public void check(ChunkRecord chunk) throws IOException {
        if (listing.owner(chunk, selfId).serverId().equals(selfId)) local.check(chunk);
      }
    };
  }

  /** Chunks of this server (already read, off the dispatcher) and of the given peers. */
  public CompletionStage<Listing> chunks(String cameraId, long fromMs, long toMs, List<ChunkRecord> local, List<Peer> peers) {
    return gather(peers, p -> client.chunks(p, cameraId, fromMs, toMs, token.get()), "chunk list of camera " + cameraId)
        .thenApply(answers -> {
          List<SourcedChunk> all = new ArrayList<>();
          local.forEach(c -> all.add(new SourcedChunk(selfId, c)));
          answers.answered().forEach((server, chunks) -> chunks.forEach(c -> all.add(new SourcedChunk(server, c))));
          return new Listing(SystemTimeline.trim(all), answers.unanswered());
        });
  }

  /**
   * Periods of every server: this server's, every online server's own (asked over HTTP), and the
   * summaries of servers that are offline or did not answer, listed as unavailable.
   */
  public CompletionStage<List<Period>> periods(String cameraId, long fromMs, long toMs, List<Period> local,
      List<Peer> peers, Map<String, ArchiveSummary> summaries) {
    return gather(peers, p -> client.periods(p, cameraId, fromMs, toMs, token.get()), "periods of camera " + cameraId)
        .thenApply(answers -> {
          List<Period> available = new ArrayList<>(local);
          answers.answered().values().forEach(available::addAll);
          Map<String, ArchiveSummary> missing = new HashMap<>(summaries);
          missing.remove(selfId);
          missing.keySet().removeAll(answers.answered().keySet());
          return SystemTimeline.periods(available, SystemTimeline.unavailable(missing, fromMs, toMs));
        });
  }

  private record Answers<T>(Map<String, T> answered, Set<String> unanswered) {}

  private <T> CompletionStage<Answers<T>> gather(List<Peer> peers, Function<Peer, CompletionStage<T>> ask, String what) {
    Map<String, T> answered = new ConcurrentHashMap<>();
    Set<String> unanswered = ConcurrentHashMap.newKeySet();
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (Peer p : peers) {
      if (p.serverId().equals(selfId)) continue;
      if (!p.online()) {
        unanswered.add(p.serverId());
        continue;
      }
      pending.add(ask.apply(p).toCompletableFuture().handle((v, err) -> {
        if (err != null) {
          unanswered.add(p.serverId());
          log.info("server {} did not send the {}: {}", p.serverId(), what, rootMessage(err));
        } else {
          answered.put(p.serverId(), v);
        }
        return null;
      }));
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .thenApply(d -> new Answers<>(Map.copyOf(answered), new HashSet<>(unanswered)));
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null && (t instanceof CompletionException
        || t instanceof ExecutionException)) {
      t = t.getCause();
    }
    return t.toString();
  }
}

package io.argusvms.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.LWWRegisterKey;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;

/**
 * A Pekko Persistence journal on the System's replicated storage (Distributed Data, written to and
 * read from a majority of servers), for the shard coordinator's state as events: one small write per
 * camera allocation, where the coordinator's ddata mode writes its whole state, every camera's server,
 * at each one (docs/SCALE.md). Events sit in a fixed ring of buckets ({@link JournalRing}); a
 * deletion (the coordinator deletes what its snapshots cover) only raises the deleted-to mark, and
 * a bucket drops deleted events when it is next written.
 *
 * <p>One writer per persistence id at a time (a persistent actor; the coordinator is a cluster
 * singleton). An acknowledged write is on a majority, and a recovery reads a majority, so it sees
 * every acknowledged event. A write that failed may still be on some servers and come back at
 * replay, as with any journal. Entries resolve by last-writer-wins on the servers' clocks: a write
 * that failed on a server whose clock runs ahead by more than a coordinator handover (seconds) could
 * win over its replacement; the servers of a System are expected to keep time (NTP).
 */
public final class ReplicatedJournal extends AsyncWriteJournal {
  private final JournalReplicator store = JournalReplicator.get(context().system());
  private final Serialization serialization = SerializationExtension.get(context().system());
  /** Per persistence id: the deleted-to mark and the highest event, as known from recovery and writes. */
  private final Map<String, Long> deletedTo = new ConcurrentHashMap<>();
  private final Map<String, Long> highest = new ConcurrentHashMap<>();
  /** What the last recovery read, for the replay that follows it. */
  private final Map<String, NavigableMap<Long, byte[]>> recovered = new ConcurrentHashMap<>();

  static String keyName(String persistenceId) {
    return "journal-" + persistenceId.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  static Key<LWWMap<Long, byte[]>> bucketKey(String persistenceId, int bucket) {
    return LWWMapKey.create(keyName(persistenceId) + "-" + bucket);
  }

  static Key<LWWRegister<Long>> deletedKey(String persistenceId) {
    return LWWRegisterKey.create(keyName(persistenceId) + "-deleted");
  }

  /** The deleted-to mark only rises: the register's clock is the mark itself, so the highest wins. */
  private static final LWWRegister.Clock<Long> HIGHEST_WINS = (currentTimestamp, value) -> value;

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
    // The enclosing journal actor serializes these calls, and the replicator applies updates in the
    // order it gets them, so events reach the buckets in order.
    List<CompletableFuture<Optional<Exception>>> each = new ArrayList<>();
    for (AtomicWrite w : messages) each.add(write(w).toCompletableFuture());
    CompletionStage<Iterable<Optional<Exception>>> all = CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
    return FutureConverters.asScala(all);
  }

  /** Rejected (empty future of an exception) when the events cannot be serialized; failed when not stored. */
  private CompletionStage<Optional<Exception>> write(AtomicWrite w) {
    String pid = w.persistenceId();
    JournalRing ring = store.ring();
    List<PersistentRepr> events = CollectionConverters.asJava(w.payload());
    Map<Long, byte[]> bytes = new java.util.TreeMap<>();
    for (PersistentRepr e : events) {
      scala.util.Try<byte[]> b = serialization.serialize(e);
      if (b.isFailure()) return CompletableFuture.completedFuture(Optional.of(new IllegalArgumentException(
          "event " + e.sequenceNr() + " of " + pid + " cannot be serialized", b.failed().get())));
      bytes.put(e.sequenceNr(), b.get());
    }
    long from = w.lowestSequenceNr();
    long to = w.highestSequenceNr();
    if (!ring.inOneBucket(from, to)) {
      // Atomic across buckets would need a transaction Distributed Data does not have; the shard
      // coordinator persists its events one at a time, so it never asks for this.
      return CompletableFuture.completedFuture(Optional.of(new IllegalArgumentException(
          "events " + from + ".." + to + " of " + pid + " span two journal buckets; write them one at a time")));
    }
    long deleted = deletedTo.getOrDefault(pid, 0L);
    return store.write(bucketKey(pid, ring.bucket(from)), LWWMap.<Long, byte[]>create(), bucket -> {
      LWWMap<Long, byte[]> next = bucket;
      for (long gone : ring.dropBefore(bucket.getEntries().keySet(), from, to, deleted)) next = next.remove(store.self(), gone);
      for (Map.Entry<Long, byte[]> e : bytes.entrySet()) next = next.put(store.self(), e.getKey(), e.getValue());
      return next;
    }).thenApply(done -> {
      highest.merge(pid, to, Math::max);
      return Optional.<Exception>empty();
    });
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    CompletionStage<Long> top = highest.containsKey(persistenceId)
        ? CompletableFuture.completedFuture(highest.get(persistenceId))
        : readAll(persistenceId).thenApply(events -> highest.get(persistenceId));
    return FutureConverters.asScala(top.thenCompose(h -> {
      long mark = Math.min(toSequenceNr, h);
      return store.write(deletedKey(persistenceId), LWWRegister.create(store.self(), 0L, HIGHEST_WINS),
              r -> r.getValue() >= mark ? r : r.withValue(store.self(), mark, HIGHEST_WINS))
          .thenApply(done -> {
            deletedTo.merge(persistenceId, mark, Math::max);
            return (Void) null;
          });
    }));
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    return FutureConverters.asScala(readAll(persistenceId).thenApply(events -> {
      recovered.put(persistenceId, events);
      return highest.get(persistenceId);
    }));
  }

  @Override
  public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr, long toSequenceNr, long max,
      Consumer<PersistentRepr> replayCallback) {
    NavigableMap<Long, byte[]> read = recovered.remove(persistenceId);
    CompletionStage<NavigableMap<Long, byte[]>> events =
        read != null ? CompletableFuture.completedFuture(read) : readAll(persistenceId);
    return FutureConverters.asScala(events.thenApply(all -> {
      long deleted = deletedTo.getOrDefault(persistenceId, 0L);
      for (Map.Entry<Long, byte[]> e : JournalRing.replay(all, deleted, fromSequenceNr, toSequenceNr, max)) {
        replayCallback.accept(serialization.deserialize(e.getValue(), PersistentRepr.class).get());
      }
      return (Void) null;
    }));
  }

  /** Every bucket and the deleted-to mark from a majority of servers; remembers the mark and the highest. */
  private CompletionStage<NavigableMap<Long, byte[]>> readAll(String persistenceId) {
    JournalRing ring = store.ring();
    CompletableFuture<Long> mark = store.read(deletedKey(persistenceId))
        .thenApply(r -> r.map(LWWRegister::getValue).orElse(0L)).toCompletableFuture();
    List<CompletableFuture<Map<Long, byte[]>>> buckets = new ArrayList<>();
    for (int b = 0; b < ring.buckets(); b++) {
      buckets.add(store.read(bucketKey(persistenceId, b))
          .thenApply(m -> m.map(LWWMap::getEntries).orElse(Map.of())).toCompletableFuture());
    }
    List<CompletableFuture<?>> reads = new ArrayList<>(buckets);
    reads.add(mark);
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> {
      NavigableMap<Long, byte[]> all = JournalRing.merged(buckets.stream().map(CompletableFuture::join).toList());
      long deleted = mark.join();
      deletedTo.merge(persistenceId, deleted, Math::max);
      highest.put(persistenceId, JournalRing.highest(all, deletedTo.get(persistenceId)));
      return all;
    });
  }
}

package io.argusvms.system;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.LWWRegisterKey;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.serialization.Snapshot;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * The snapshot store next to {@link ReplicatedJournal}: a persistence id's last two snapshots, each
 * a header and its chunks ({@link SnapshotChunks}) in Distributed Data, written to and read from a
 * majority of servers. A new snapshot takes the place of the older of the two, chunks first and its
 * header last, so a save cut short leaves the other one whole. A recovery takes the newest snapshot
 * that matches and reads whole, else the other; if there are snapshots but none reads whole it
 * fails (and the persistent actor retries) rather than start from events a snapshot had replaced.
 */
public final class ReplicatedSnapshotStore extends SnapshotStore {
  private static final int GENERATIONS = 2;

  private final JournalReplicator store = JournalReplicator.get(context().system());
  private final Serialization serialization = SerializationExtension.get(context().system());

  static Key<LWWRegister<byte[]>> headerKey(String persistenceId, int generation) {
    return LWWRegisterKey.create(name(persistenceId, generation) + "-header");
  }

  static Key<LWWRegister<byte[]>> chunkKey(String persistenceId, int generation, int chunk) {
    return LWWRegisterKey.create(name(persistenceId, generation) + "-" + chunk);
  }

  private static String name(String persistenceId, int generation) {
    return "snapshot-" + persistenceId.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + generation;
  }

  private record Stored(int generation, SnapshotChunks.Header header) {}

  @Override
  public Future<Optional<SelectedSnapshot>> doLoadAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    return FutureConverters.asScala(headers(persistenceId).thenCompose(all -> {
      List<Stored> candidates = all.stream()
          .filter(s -> !s.header().deleted() && criteria.matches(metadata(persistenceId, s.header())))
          .sorted(Comparator.comparingLong((Stored s) -> s.header().sequenceNr()).reversed())
          .toList();
      return firstWhole(persistenceId, candidates, 0);
    }));
  }

  private CompletionStage<Optional<SelectedSnapshot>> firstWhole(String persistenceId, List<Stored> candidates, int i) {
    if (i == candidates.size()) {
      if (candidates.isEmpty()) return CompletableFuture.completedFuture(Optional.empty());
      return CompletableFuture.failedFuture(new IllegalStateException("no snapshot of " + persistenceId
          + " reads whole from a majority of servers (" + candidates.size() + " stored)"));
    }
    Stored s = candidates.get(i);
    return chunks(persistenceId, s).thenCompose(bytes -> bytes.isEmpty()
        ? firstWhole(persistenceId, candidates, i + 1)
        : CompletableFuture.completedFuture(Optional.of(new SelectedSnapshot(metadata(persistenceId, s.header()),
            serialization.deserialize(bytes.get(), Snapshot.class).get().data()))));
  }

  private CompletionStage<Optional<byte[]>> chunks(String persistenceId, Stored s) {
    List<CompletableFuture<byte[]>> reads = new ArrayList<>();
    for (int c = 0; c < s.header().chunks(); c++) {
      reads.add(store.read(chunkKey(persistenceId, s.generation(), c))
          .thenApply(r -> r.map(LWWRegister::getValue).orElse(null)).toCompletableFuture());
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .thenApply(done -> SnapshotChunks.join(s.header(), reads.stream().map(CompletableFuture::join).toList()));
  }

  @Override
  public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
    String pid = metadata.persistenceId();
    byte[] bytes = serialization.serialize(new Snapshot(snapshot)).get();
    long timestamp = metadata.timestamp() > 0 ? metadata.timestamp() : System.currentTimeMillis();
    SnapshotChunks.Header header = SnapshotChunks.header(bytes, metadata.sequenceNr(), timestamp, store.chunkBytes());
    List<byte[]> chunks = SnapshotChunks.split(bytes, metadata.sequenceNr(), store.chunkBytes());
    return FutureConverters.asScala(headers(pid).thenCompose(all -> {
      int generation = olderGeneration(all);
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      for (int c = 0; c < chunks.size(); c++) writes.add(put(chunkKey(pid, generation, c), chunks.get(c)).toCompletableFuture());
      return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
          .thenCompose(done -> put(headerKey(pid, generation), header.encode()));
    }));
  }

  /** The generation a new snapshot goes to: not the one with the newest snapshot that is kept. */
  private static int olderGeneration(List<Stored> all) {
    return all.stream()
        .filter(s -> !s.header().deleted())
        .max(Comparator.comparingLong(s -> s.header().sequenceNr()))
        .map(newest -> (newest.generation() + 1) % GENERATIONS)
        .orElse(0);
  }

  @Override
  public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
    return FutureConverters.asScala(delete(metadata.persistenceId(), h -> h.sequenceNr() == metadata.sequenceNr()));
  }

  @Override
  public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    return FutureConverters.asScala(delete(persistenceId, h -> criteria.matches(metadata(persistenceId, h))));
  }

  private CompletionStage<Void> delete(String persistenceId, Predicate<SnapshotChunks.Header> which) {
    return headers(persistenceId).thenCompose(all -> {
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      for (Stored s : all) {
        if (!s.header().deleted() && which.test(s.header())) {
          writes.add(put(headerKey(persistenceId, s.generation()), s.header().asDeleted().encode()).toCompletableFuture());
        }
      }
      return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    });
  }

  private CompletionStage<List<Stored>> headers(String persistenceId) {
    List<CompletableFuture<Optional<Stored>>> reads = new ArrayList<>();
    for (int g = 0; g < GENERATIONS; g++) {
      int generation = g;
      reads.add(store.read(headerKey(persistenceId, g))
          .thenApply(r -> r.flatMap(reg -> SnapshotChunks.Header.decode(reg.getValue())).map(h -> new Stored(generation, h)))
          .toCompletableFuture());
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .thenApply(done -> reads.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
  }

  private CompletionStage<Void> put(Key<LWWRegister<byte[]>> key, byte[] value) {
    return store.write(key, LWWRegister.create(store.self(), new byte[0]), r -> r.withValue(store.self(), value));
  }

  private static SnapshotMetadata metadata(String persistenceId, SnapshotChunks.Header h) {
    return new SnapshotMetadata(persistenceId, h.sequenceNr(), h.timestamp());
  }
}

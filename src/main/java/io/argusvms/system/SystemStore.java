package io.argusvms.system;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;

/**
 * The System database as the feature services use it: a snapshot to read (never blocks) and
 * writes by key ({@link DataKeys}) that complete once the change is applied here. The replicated
 * {@link SystemDatabase} is the server's implementation; {@link InMemorySystemStore} runs the same
 * services in route tests and simulations without a cluster.
 */
public interface SystemStore {

  /** This server's current view of the System; replaced whole on every change. */
  SystemState state();

  <V> CompletionStage<Done> put(Key<LWWMap<String, V>> key, String id, V value);

  <V> CompletionStage<Done> remove(Key<LWWMap<String, V>> key, String id);

  <V> CompletionStage<Done> putAll(Key<LWWMap<String, V>> key, Map<String, V> values);

  // ---- coordination (merge claims): not through the snapshot

  /** Reads a map from a majority of servers; no majority within the timeout fails the stage. */
  <V> CompletionStage<Map<String, V>> readMajority(Key<LWWMap<String, V>> key);

  /** Reads a map from this server's replica only. */
  <V> CompletionStage<Map<String, V>> readLocal(Key<LWWMap<String, V>> key);

  /** Puts (value non-null) or removes one entry on a majority of servers; no majority fails the stage. */
  <V> CompletionStage<Done> writeMajority(Key<LWWMap<String, V>> key, String id, V value);
}

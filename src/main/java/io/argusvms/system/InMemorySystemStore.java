package io.argusvms.system;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;

/**
 * A {@link SystemStore} in this JVM's memory: one server's view with no cluster behind it. Writes
 * apply at once (as a write to a majority does once it answers); which servers are up is set by
 * the caller ({@link #setUp}). For route tests and simulations; a server never uses it.
 */
public final class InMemorySystemStore implements SystemStore {
  private final Map<String, Map<String, Object>> tables = new HashMap<>();
  private volatile SystemState state = SystemState.EMPTY;
  private volatile boolean majorityAnswers = true;

  @Override
  public SystemState state() {
    return state;
  }

  /** Cluster addresses of the servers that are up and reachable now. */
  public synchronized void setUp(Set<String> clusterAddresses) {
    state = state.withUpClusterAddresses(Set.copyOf(clusterAddresses));
  }

  @Override
  public <V> CompletionStage<Done> put(Key<LWWMap<String, V>> key, String id, V value) {
    return change(key, t -> {
      t.put(id, value);
      return t;
    });
  }

  @Override
  public <V> CompletionStage<Done> remove(Key<LWWMap<String, V>> key, String id) {
    return change(key, t -> {
      t.remove(id);
      return t;
    });
  }

  @Override
  public <V> CompletionStage<Done> putAll(Key<LWWMap<String, V>> key, Map<String, V> values) {
    return change(key, t -> {
      t.putAll(values);
      return t;
    });
  }

  @Override
  public <V> CompletionStage<Map<String, V>> readMajority(Key<LWWMap<String, V>> key) {
    return readLocal(key);
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <V> CompletionStage<Map<String, V>> readLocal(Key<LWWMap<String, V>> key) {
    return CompletableFuture.completedFuture(Map.copyOf((Map<String, V>) (Map<String, ?>) tables.getOrDefault(key.id(), Map.of())));
  }

  @Override
  public <V> CompletionStage<Done> writeMajority(Key<LWWMap<String, V>> key, String id, V value) {
    return value == null ? remove(key, id) : put(key, id, value);
  }

  /**
   * As when a majority of servers does not answer in time (they are cut off and not yet downed):
   * writes are still stored here, and answered as {@link NotReplicated}.
   */
  public void majorityAnswers(boolean answers) {
    this.majorityAnswers = answers;
  }

  private synchronized CompletionStage<Done> change(Key<?> key, UnaryOperator<Map<String, Object>> edit) {
    Map<String, Object> table = edit.apply(new HashMap<>(tables.getOrDefault(key.id(), Map.of())));
    tables.put(key.id(), table);
    state = state.withEntries(key.id(), table);
    if (!majorityAnswers && key.id().startsWith("argus-")) return CompletableFuture.failedFuture(new NotReplicated(key.id()));
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}

package io.argusvms.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/**
 * The replicated System database as seen from this server: reads come from an in-memory snapshot
 * (never block), writes go to the local replica and spread by gossip. The snapshot is fed by
 * {@link SystemDatabaseListener}.
 */
public final class SystemDatabase implements SystemStore {
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration MAJORITY_TIMEOUT = Duration.ofSeconds(2);

  private final ActorSystem<?> system;
  private final ActorRef<Replicator.Command> replicator;
  private final SelfUniqueAddress self;
  private final List<Consumer<SystemState>> listeners = new CopyOnWriteArrayList<>();
  private volatile SystemState state = SystemState.EMPTY;

  public SystemDatabase(ActorSystem<?> system) {
    this.system = system;
    this.replicator = DistributedData.get(system).replicator();
    this.self = DistributedData.get(system).selfUniqueAddress();
  }

  @Override
  public SystemState state() {
    return state;
  }

  /** Called on every change, from the listener actor's thread: hand the work on, don't block. */
  public void onChange(Consumer<SystemState> listener) {
    listeners.add(listener);
  }

  void replace(UnaryOperator<SystemState> change) {
    synchronized (this) {
      state = change.apply(state);
    }
    SystemState now = state;
    for (Consumer<SystemState> l : listeners) l.accept(now);
  }

  public ActorRef<Replicator.Command> replicatorRef() {
    return replicator;
  }

  ActorRef<Replicator.Command> replicator() {
    return replicator;
  }

  @Override
  public <V> CompletionStage<Done> put(Key<LWWMap<String, V>> key, String id, V value) {
    return modify(key, map -> map.put(self, id, value));
  }

  @Override
  public <V> CompletionStage<Done> remove(Key<LWWMap<String, V>> key, String id) {
    return modify(key, map -> map.remove(self, id));
  }

  @Override
  public <V> CompletionStage<Done> putAll(Key<LWWMap<String, V>> key, Map<String, V> values) {
    return modify(key, map -> {
      LWWMap<String, V> m = map;
      for (Map.Entry<String, V> e : values.entrySet()) m = m.put(self, e.getKey(), e.getValue());
      return m;
    });
  }

  /**
   * Configuration (argus-* keys) is written to a majority of servers before the API answers, so a
   * setting acknowledged to the operator survives the loss of the server that took it; runtime
   * status is written locally and gossiped.
   */
  private static Replicator.WriteConsistency consistency(Key<?> key) {
    return key.id().startsWith("argus-") ? new Replicator.WriteMajority(MAJORITY_TIMEOUT) : Replicator.writeLocal();
  }

  /**
   * Reads a map from a majority of servers (for coordination, not for the snapshot). An absent
   * key reads as empty; no majority within the timeout fails the stage.
   */
  @Override
  public <V> CompletionStage<Map<String, V>> readMajority(Key<LWWMap<String, V>> key) {
    return read(key, new Replicator.ReadMajority(MAJORITY_TIMEOUT));
  }

  /** Reads a map from this server's replica only. */
  @Override
  public <V> CompletionStage<Map<String, V>> readLocal(Key<LWWMap<String, V>> key) {
    return read(key, Replicator.readLocal());
  }

  private <V> CompletionStage<Map<String, V>> read(Key<LWWMap<String, V>> key, Replicator.ReadConsistency consistency) {
    CompletionStage<Replicator.GetResponse<LWWMap<String, V>>> reply = AskPattern.ask(replicator,
        replyTo -> new Replicator.Get<>(key, consistency, replyTo), WRITE_TIMEOUT, system.scheduler());
    return reply.thenApply(r -> {
      if (r instanceof Replicator.GetSuccess<LWWMap<String, V>> ok) return Map.copyOf(ok.get(key).getEntries());
      if (r instanceof Replicator.NotFound) return Map.of();
      throw new IllegalStateException("no majority of the System's servers answered a read of " + key.id() + ": " + r);
    });
  }

  /** Puts (value non-null) or removes one entry on a majority of servers; no majority fails the stage. */
  @Override
  public <V> CompletionStage<Done> writeMajority(Key<LWWMap<String, V>> key, String id, V value) {
    CompletionStage<Replicator.UpdateResponse<LWWMap<String, V>>> reply = AskPattern.ask(replicator,
        replyTo -> new Replicator.Update<>(key, LWWMap.<String, V>create(), new Replicator.WriteMajority(MAJORITY_TIMEOUT),
            replyTo, m -> value == null ? m.remove(self, id) : m.put(self, id, value)),
        WRITE_TIMEOUT, system.scheduler());
    return reply.thenApply(r -> {
      if (r instanceof Replicator.UpdateSuccess) return Done.getInstance();
      throw new IllegalStateException("no majority of the System's servers took the change to " + key.id() + ": " + r);
    });
  }

  private <V> CompletionStage<Done> modify(Key<LWWMap<String, V>> key, UnaryOperator<LWWMap<String, V>> change) {
    CompletionStage<Replicator.UpdateResponse<LWWMap<String, V>>> reply =
        AskPattern.ask(
            replicator,
            replyTo -> new Replicator.Update<>(key, LWWMap.<String, V>create(), consistency(key), replyTo, change::apply),
            WRITE_TIMEOUT,
            system.scheduler());
    return reply.thenCompose(r -> {
      if (r instanceof Replicator.UpdateSuccess) return showLocally(key);
      // No majority in time: the change is stored only if it is in this server's replica (then
      // gossip spreads it once the others answer), and it is answered as not replicated (202). A
      // change the replicator could not take must not be acknowledged as if it were stored.
      if (r instanceof Replicator.UpdateTimeout) {
        return confirmLocally(key, change).thenApply(stored -> {
          throw new NotReplicated(key.id());
        });
      }
      throw new ServiceException(503, "not_stored", "the System database did not take the change to " + key.id()
          + " (" + r.getClass().getSimpleName() + "); nothing was changed, try again");
    });
  }

  /** After a timeout: the change stands when applying it again to the local value changes nothing. */
  private <V> CompletionStage<Done> confirmLocally(Key<LWWMap<String, V>> key, UnaryOperator<LWWMap<String, V>> change) {
    CompletionStage<Replicator.GetResponse<LWWMap<String, V>>> local = AskPattern.ask(replicator,
        replyTo -> new Replicator.Get<>(key, Replicator.readLocal(), replyTo), WRITE_TIMEOUT, system.scheduler());
    return local.thenCompose(r -> {
      LWWMap<String, V> now = r instanceof Replicator.GetSuccess<LWWMap<String, V>> ok ? ok.get(key) : LWWMap.create();
      if (!change.apply(now).getEntries().equals(now.getEntries())) {
        throw new ServiceException(503, "not_stored", "the System database did not take the change to " + key.id()
            + " (no majority answered, and it is not in this server's copy); nothing was changed, try again");
      }
      return showLocally(key);
    });
  }

  /**
   * Read-your-writes on this server: the snapshot takes the key's local value before the write
   * answers, instead of at the subscriber's next tick (up to 0.5 s later), so a password changed
   * through this server works here at once. Later notifications carry this change too.
   */
  private <V> CompletionStage<Done> showLocally(Key<LWWMap<String, V>> key) {
    CompletionStage<Replicator.GetResponse<LWWMap<String, V>>> local = AskPattern.ask(replicator,
        replyTo -> new Replicator.Get<>(key, Replicator.readLocal(), replyTo), WRITE_TIMEOUT, system.scheduler());
    return local.handle((r, err) -> {
      if (r instanceof Replicator.GetSuccess<LWWMap<String, V>> ok) SystemDatabaseListener.apply(this, key.id(), ok.get(key));
      return Done.getInstance();
    });
  }
}

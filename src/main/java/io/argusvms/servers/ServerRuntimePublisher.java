package io.argusvms.servers;

import io.argusvms.camera.CameraReachability;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.DataKeys;
import io.argusvms.system.ServerRuntime;
import io.argusvms.system.StorageInfo;
import io.argusvms.system.SystemStore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Every few seconds tells the System what this server can do now: whether its storage writes,
 * how much is free, and which cameras it reaches. Placement reads it on the coordinator's server.
 */
public final class ServerRuntimePublisher extends AbstractBehavior<ServerRuntimePublisher.Command> {
  static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final int PROBE_TIMEOUT_MS = 1000;

  public sealed interface Command {}

  private enum Tick implements Command { INSTANCE }

  /** A finished measurement; runtime null when it failed. */
  private record Measured(ServerRuntime runtime) implements Command {}

  /** @param receiving the cameras whose stream this server receives now (reachable without a probe) */
  public static Behavior<Command> create(SystemStore store, String serverId, Supplier<StorageInfo> storage,
      Supplier<Set<String>> receiving, ExecutorService blocking) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ZERO, INTERVAL);
      return new ServerRuntimePublisher(ctx, store, serverId, storage, receiving, blocking);
    }));
  }

  private final SystemStore store;
  private final String serverId;
  private final Supplier<StorageInfo> storage;
  private final Supplier<Set<String>> receiving;
  private final ExecutorService blocking;
  private boolean measuring;

  private ServerRuntimePublisher(ActorContext<Command> ctx, SystemStore store, String serverId,
      Supplier<StorageInfo> storage, Supplier<Set<String>> receiving, ExecutorService blocking) {
    super(ctx);
    this.receiving = receiving;
    this.store = store;
    this.serverId = serverId;
    this.storage = storage;
    this.blocking = blocking;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Tick.class, t -> onTick())
        .onMessage(Measured.class, this::onMeasured)
        .build();
  }

  private Behavior<Command> onTick() {
    if (measuring) return this; // the last probe is still running
    measuring = true;
    Collection<CameraConfig> cameras = List.copyOf(store.state().cameras().values());
    CompletableFuture<ServerRuntime> measured = CompletableFuture.supplyAsync(() -> {
      StorageInfo s = storage.get();
      Set<String> reachable = CameraReachability.probe(cameras, receiving.get(), PROBE_TIMEOUT_MS, blocking);
      return new ServerRuntime(s, reachable, System.currentTimeMillis());
    }, blocking);
    getContext().pipeToSelf(measured, (ok, err) -> new Measured(ok));
    return this;
  }

  private Behavior<Command> onMeasured(Measured m) {
    measuring = false;
    ServerRuntime old = store.state().serverRuntime().get(serverId);
    if (m.runtime() != null && (old == null || changed(old, m.runtime()))) {
      store.put(DataKeys.SERVER_RUNTIME, serverId, m.runtime());
    }
    return this;
  }

  /** Free space moves a little all the time; republish on a real change or every 30 s. */
  private static boolean changed(ServerRuntime old, ServerRuntime now) {
    return old.storage().writable() != now.storage().writable()
        || !old.reachableCameraIds().equals(now.reachableCameraIds())
        || Math.abs(old.storage().freeBytes() - now.storage().freeBytes()) > 64L * 1024 * 1024
        || now.updatedMs() - old.updatedMs() > 30_000;
  }
}

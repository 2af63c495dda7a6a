package io.argusvms.camera;

import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStatus;
import io.argusvms.system.SystemState;
import io.argusvms.system.SystemStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;

/**
 * Keeps every enabled camera alive in Cluster Sharding (passivation is off and nothing else
 * messages a recorder): every tick it pokes each enabled camera that no online server reports as
 * running ({@link CameraStatusRule#isRunning}), so a camera restarts on its new server right after
 * a failover or failback. Cameras that look healthy are poked rarely, to keep region buffers small
 * for cameras that wait.
 */
public final class CameraKeeper extends AbstractBehavior<CameraKeeper.Command> {
  static final Duration TICK = Duration.ofMillis(1000);
  static final long HEALTHY_POKE_MS = 30_000;
  static final long WAITING_POKE_MS = 1_000; // = TICK: see the commit that set it (failover gap)

  public sealed interface Command {}

  /** Look at every camera now (the timer sends it every {@link #TICK}). */
  public enum Tick implements Command { INSTANCE }

  public static Behavior<Command> create(SystemStore store, ActorRef<ShardingEnvelope<CameraEntity.Command>> sharding) {
    return Behaviors.setup(ctx -> {
      CoordinatedShutdown shutdown = CoordinatedShutdown.get(ctx.getSystem());
      return create(store, sharding, () -> shutdown.getShutdownReason().isPresent(), System::currentTimeMillis, true);
    });
  }

  /** With an injected clock and shutdown flag; {@code timer} false lets a test send the ticks. */
  static Behavior<Command> create(SystemStore store, ActorRef<ShardingEnvelope<CameraEntity.Command>> sharding,
      BooleanSupplier shuttingDown, LongSupplier clockMs, boolean timer) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      if (timer) timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofMillis(200), TICK);
      return new CameraKeeper(ctx, store, sharding, shuttingDown, clockMs);
    }));
  }

  private final SystemStore store;
  private final ActorRef<ShardingEnvelope<CameraEntity.Command>> sharding;
  private final BooleanSupplier shuttingDown;
  private final LongSupplier clockMs;
  private final Map<String, Long> lastPoke = new HashMap<>();

  private CameraKeeper(ActorContext<Command> ctx, SystemStore store,
      ActorRef<ShardingEnvelope<CameraEntity.Command>> sharding, BooleanSupplier shuttingDown, LongSupplier clockMs) {
    super(ctx);
    this.store = store;
    this.sharding = sharding;
    this.shuttingDown = shuttingDown;
    this.clockMs = clockMs;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(Tick.class, t -> onTick()).build();
  }

  private Behavior<Command> onTick() {
    // While this server shuts down its region hands cameras off; pokes would only pile up in the
    // region's buffer and hold the shutdown back.
    if (shuttingDown.getAsBoolean()) return this;
    long now = clockMs.getAsLong();
    SystemState s = store.state();
    lastPoke.keySet().retainAll(s.cameras().keySet());
    for (CameraConfig c : s.cameras().values()) {
      if (!c.recording()) continue;
      long every = CameraStatusRule.isRunning(s, c.id()) ? HEALTHY_POKE_MS : WAITING_POKE_MS;
      Long last = lastPoke.get(c.id());
      if (last == null || now - last >= every || justLostItsServer(s, c.id(), last)) {
        sharding.tell(new ShardingEnvelope<>(c.id(), CameraEntity.KeepAlive.INSTANCE));
        lastPoke.put(c.id(), now);
      }
    }
    return this;
  }

  /** A camera whose status changed to not-running after our last poke gets poked at once. */
  private static boolean justLostItsServer(SystemState s, String cameraId, long lastPoke) {
    CameraStatus st = s.cameraStatus().get(cameraId);
    return !CameraStatusRule.isRunning(s, cameraId) && (st == null || st.sinceMs() > lastPoke);
  }
}

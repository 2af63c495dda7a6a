package io.argusvms.camera;

import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStatus;
import io.argusvms.system.SystemDatabase;
import io.argusvms.system.SystemState;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;

/**
 * Keeps every enabled camera alive in Cluster Sharding (passivation is off and nothing else
 * messages a recorder): every tick it pokes each enabled camera that no online server reports as
 * running, so a camera restarts on its new server right after a failover or failback. Cameras
 * that look healthy are poked rarely, to keep region buffers small for cameras that wait.
 */
public final class CameraKeeper {
  private CameraKeeper() {}

  private enum Tick { INSTANCE }

  static final Duration TICK = Duration.ofMillis(1000);
  private static final long HEALTHY_POKE_MS = 30_000;
  private static final long WAITING_POKE_MS = 1_000; // = TICK: see the commit that set it (failover gap)

  public static Behavior<Object> create(SystemDatabase db, ActorRef<ShardingEnvelope<CameraEntity.Command>> sharding) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      CoordinatedShutdown shutdown = CoordinatedShutdown.get(ctx.getSystem());
      timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofMillis(200), TICK);
      Map<String, Long> lastPoke = new HashMap<>();
      return Behaviors.receive(Object.class)
          .onMessageEquals(Tick.INSTANCE, () -> {
            // While this server shuts down its region hands cameras off; pokes would only pile
            // up in the region's buffer and hold the shutdown back.
            if (shutdown.getShutdownReason().isPresent()) return Behaviors.same();
            long now = System.currentTimeMillis();
            SystemState s = db.state();
            lastPoke.keySet().retainAll(s.cameras().keySet());
            for (CameraConfig c : s.cameras().values()) {
              if (!c.recording()) continue;
              long every = isRunning(s, c.id()) ? HEALTHY_POKE_MS : WAITING_POKE_MS;
              Long last = lastPoke.get(c.id());
              if (last == null || now - last >= every || justLostItsServer(s, c.id(), last)) {
                sharding.tell(new ShardingEnvelope<>(c.id(), CameraEntity.KeepAlive.INSTANCE));
                lastPoke.put(c.id(), now);
              }
            }
            return Behaviors.same();
          })
          .build();
    }));
  }

  private static boolean isRunning(SystemState s, String cameraId) {
    CameraStatus st = s.cameraStatus().get(cameraId);
    return st != null && st.serverId() != null && s.isOnline(st.serverId());
  }

  /** A camera whose status changed to not-running after our last poke gets poked at once. */
  private static boolean justLostItsServer(SystemState s, String cameraId, long lastPoke) {
    CameraStatus st = s.cameraStatus().get(cameraId);
    return !isRunning(s, cameraId) && (st == null || st.sinceMs() > lastPoke);
  }
}

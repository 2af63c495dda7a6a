package io.argusvms.node;

import io.argusvms.camera.CameraReachability;
import io.argusvms.system.DataKeys;
import io.argusvms.system.ServerRuntime;
import io.argusvms.system.StorageInfo;
import io.argusvms.system.SystemDatabase;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Every few seconds tells the System what this server can do now: whether its storage writes,
 * how much is free, and which cameras it reaches. Placement reads it on the coordinator's server.
 */
final class ServerRuntimePublisher {
  private ServerRuntimePublisher() {}

  private enum Tick { INSTANCE }

  private record Measured(ServerRuntime runtime) {}

  static final Duration INTERVAL = Duration.ofSeconds(2);

  static Behavior<Object> create(SystemDatabase db, String serverId, Supplier<StorageInfo> storage, ExecutorService blocking) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ZERO, INTERVAL);
      boolean[] busy = {false};
      return Behaviors.receive(Object.class)
          .onMessageEquals(Tick.INSTANCE, () -> {
            if (busy[0]) return Behaviors.same(); // the last probe is still running
            busy[0] = true;
            var cameras = db.state().cameras().values();
            CompletableFuture<Measured> measured = CompletableFuture.supplyAsync(() -> {
              StorageInfo s = storage.get();
              Set<String> reachable = CameraReachability.probe(cameras, 1000, blocking);
              return new Measured(new ServerRuntime(s, reachable, System.currentTimeMillis()));
            }, blocking);
            ctx.pipeToSelf(measured, (ok, err) -> ok != null ? ok : new Measured(null));
            return Behaviors.same();
          })
          .onMessage(Measured.class, m -> {
            busy[0] = false;
            ServerRuntime old = db.state().serverRuntime().get(serverId);
            if (m.runtime() != null && (old == null || changed(old, m.runtime()))) {
              db.put(DataKeys.SERVER_RUNTIME, serverId, m.runtime());
            }
            return Behaviors.same();
          })
          .build();
    }));
  }

  /** Free space moves a little all the time; republish on a real change or every 30 s. */
  private static boolean changed(ServerRuntime old, ServerRuntime now) {
    return old.storage().writable() != now.storage().writable()
        || !old.reachableCameraIds().equals(now.reachableCameraIds())
        || Math.abs(old.storage().freeBytes() - now.storage().freeBytes()) > 64L * 1024 * 1024
        || now.updatedMs() - old.updatedMs() > 30_000;
  }
}

package io.argusvms.membership;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Why this server's actor system stopped without the process stopping: it was downed by the other
 * servers, or it found the larger half of a healed split and must join it. Main restarts the actor
 * system and joins again.
 */
final class Rejoin {
  private Rejoin() {}

  /**
   * Reason given to CoordinatedShutdown when the others quarantined this server, or when it joins
   * another System after a merge.
   */
  static final class JoinOtherSide implements CoordinatedShutdown.Reason {
    static final JoinOtherSide INSTANCE = new JoinOtherSide();
  }

  /** Seeds to use for the next start (the other side's servers), set with {@link JoinOtherSide}. */
  static final AtomicReference<List<String>> nextSeeds = new AtomicReference<>();

  /** Restarts the actor system to join again, half a second from now (an HTTP answer leaves first). */
  static void restartSoon(ActorSystem<?> system) {
    try {
      system.scheduler().scheduleOnce(Duration.ofMillis(500),
          () -> CoordinatedShutdown.get(system).run(JoinOtherSide.INSTANCE), system.executionContext());
    } catch (IllegalStateException stopping) {
      // The actor system is already shutting down (its scheduler refuses new timers): what the
      // caller decided is on disk, and the next start acts on it. Not a failure of the request.
      system.log().info("not scheduling a restart, the actor system is stopping already: {}", stopping.getMessage());
    }
  }

  static boolean shouldRestart(CoordinatedShutdown.Reason reason) {
    return reason == CoordinatedShutdown.clusterDowningReason()
        || reason == CoordinatedShutdown.clusterJoinUnsuccessfulReason()
        || reason == JoinOtherSide.INSTANCE;
  }
}

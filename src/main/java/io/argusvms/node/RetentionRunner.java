package io.argusvms.node;

import io.argusvms.archive.Retention;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Runs retention every interval on a blocking thread, one run at a time. */
final class RetentionRunner {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RetentionRunner.class);

  private RetentionRunner() {}

  private enum Tick { INSTANCE }

  private enum Done { INSTANCE }

  static Behavior<Object> create(Retention retention, ExecutorService blocking) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, retention.settings().interval());
      boolean[] busy = {false};
      return Behaviors.receive(Object.class)
          .onMessageEquals(Tick.INSTANCE, () -> {
            if (busy[0]) return Behaviors.same();
            busy[0] = true;
            ctx.pipeToSelf(CompletableFuture.runAsync(() -> {
              Retention.Run run = retention.runOnce();
              if (run.deletedByAge() + run.deletedForSpace() > 0) {
                log.info("retention deleted {} chunks by age and {} for space ({} bytes)",
                    run.deletedByAge(), run.deletedForSpace(), run.bytesFreed());
              }
            }, blocking), (ok, err) -> {
              if (err != null) log.warn("retention run failed: {}", err.getMessage());
              return Done.INSTANCE;
            });
            return Behaviors.same();
          })
          .onMessageEquals(Done.INSTANCE, () -> {
            busy[0] = false;
            return Behaviors.same();
          })
          .build();
    }));
  }
}

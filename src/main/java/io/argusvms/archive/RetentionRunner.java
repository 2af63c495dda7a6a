package io.argusvms.archive;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs retention every interval on a blocking thread, one run at a time. */
public final class RetentionRunner extends AbstractBehavior<RetentionRunner.Command> {
  private static final Logger log = LoggerFactory.getLogger(RetentionRunner.class);

  public sealed interface Command {}

  private enum Tick implements Command { INSTANCE }

  private record RunEnded(Throwable error) implements Command {}

  public static Behavior<Command> create(Retention retention, Executor blocking) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, retention.settings().interval());
      return new RetentionRunner(ctx, retention, blocking);
    }));
  }

  private final Retention retention;
  private final Executor blocking;
  private boolean running;

  private RetentionRunner(ActorContext<Command> ctx, Retention retention, Executor blocking) {
    super(ctx);
    this.retention = retention;
    this.blocking = blocking;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Tick.class, t -> onTick())
        .onMessage(RunEnded.class, this::onRunEnded)
        .build();
  }

  private Behavior<Command> onTick() {
    if (running) return this;
    running = true;
    getContext().pipeToSelf(CompletableFuture.runAsync(() -> {
      Retention.Run run = retention.runOnce();
      if (run.deletedByAge() + run.deletedForSpace() > 0) {
        log.info("retention deleted {} chunks by age and {} for space ({} bytes)",
            run.deletedByAge(), run.deletedForSpace(), run.bytesFreed());
      }
    }, blocking), (ok, err) -> new RunEnded(err));
    return this;
  }

  private Behavior<Command> onRunEnded(RunEnded m) {
    running = false;
    if (m.error() != null) log.warn("retention run failed: {}", m.error().getMessage());
    return this;
  }
}

package io.argusvms.membership;

import io.argusvms.system.SystemDatabase;
import java.time.Duration;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * A lone survivor records. Pekko lets only the first seed form a cluster when no seed answers; any
 * other server of a System would wait for its peers for ever (both lost power, only this one came
 * back). So once {@code argus.cluster.lone-start-after} has passed without this server being in
 * a cluster, and it holds a System database (it has been in a System before: a brand-new server
 * that joins has none and waits for its System), it joins itself: a System of one, which records
 * its own cameras and by failover those of the others it may take. Pekko stops its seed-node
 * process on that join. When the peers are back, {@link IslandHealer} makes the System one again.
 */
final class LoneStart extends AbstractBehavior<LoneStart.Command> {
  sealed interface Command {}

  private enum Check implements Command { INSTANCE }

  static Behavior<Command> create(SystemDatabase db, Duration after) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(Check.INSTANCE, after);
      return new LoneStart(ctx, db, after);
    }));
  }

  private final SystemDatabase db;
  private final Duration after;

  private LoneStart(ActorContext<Command> ctx, SystemDatabase db, Duration after) {
    super(ctx);
    this.db = db;
    this.after = after;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(Check.class, c -> onCheck()).build();
  }

  private Behavior<Command> onCheck() {
    Cluster cluster = Cluster.get(getContext().getSystem());
    if (!cluster.state().members().isEmpty()) return Behaviors.stopped(); // in a cluster: nothing to do
    if (db.state().identity().isEmpty()) {
      getContext().getLog().info("no server of the System answered within {}; this server has no System database "
          + "yet, so it keeps waiting for its System", after);
      return Behaviors.stopped();
    }
    getContext().getLog().warn("no server of the System answered within {}: carrying on alone (a cluster of one); "
        + "the System becomes one again when the others are back", after);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    return Behaviors.stopped();
  }
}

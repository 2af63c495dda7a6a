package io.argusvms.membership;

import io.argusvms.system.ServerInfo;
import io.argusvms.system.SystemDatabase;
import io.argusvms.system.SystemState;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
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
 *
 * <p>Alone means alone: while another server of the System answers over HTTP, this one is only
 * slow to join it (a new incarnation waits until the cluster has removed the old one), and going
 * alone then would split the System again at every restart. It keeps waiting, up to {@link
 * #PATIENCE_WITH_PEERS} times the delay, after which it carries on alone anyway: the peers answer
 * but will not let it in (so its cameras would go unrecorded), and the island healer retries.
 */
final class LoneStart extends AbstractBehavior<LoneStart.Command> {
  static final int PATIENCE_WITH_PEERS = 4;

  sealed interface Command {}

  private enum Check implements Command { INSTANCE }

  /** What asking the others found: a peer that answers in this System, if any. */
  private record Probed(Optional<String> answeringPeer) implements Command {}

  static Behavior<Command> create(SystemDatabase db, String serverId, Duration after, ExecutorService blocking) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(Check.INSTANCE, after);
      return new LoneStart(ctx, timers, db, serverId, after, blocking);
    }));
  }

  private final TimerScheduler<Command> timers;
  private final SystemDatabase db;
  private final String serverId;
  private final Duration after;
  private final ExecutorService blocking;
  private final HttpClient http;
  private int checks;

  private LoneStart(ActorContext<Command> ctx, TimerScheduler<Command> timers, SystemDatabase db, String serverId,
      Duration after, ExecutorService blocking) {
    super(ctx);
    this.timers = timers;
    this.db = db;
    this.serverId = serverId;
    this.after = after;
    this.blocking = blocking;
    this.http = PeerProbe.client(blocking);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Check.class, c -> onCheck())
        .onMessage(Probed.class, this::onProbed)
        .build();
  }

  private Behavior<Command> onCheck() {
    if (inACluster()) return Behaviors.stopped();
    SystemState s = db.state();
    if (s.identity().isEmpty()) {
      getContext().getLog().info("no server of the System answered within {}; this server has no System database "
          + "yet, so it keeps waiting for its System", after);
      return Behaviors.stopped();
    }
    checks++;
    String systemId = s.identity().get().systemId();
    List<ServerInfo> others = s.servers().values().stream().filter(i -> !i.id().equals(serverId)).toList();
    getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> answeringPeer(others, systemId), blocking),
        (peer, err) -> new Probed(peer != null ? peer : Optional.empty()));
    return this;
  }

  private Optional<String> answeringPeer(List<ServerInfo> others, String systemId) {
    for (ServerInfo info : others) {
      if (PeerProbe.clusterOf(http, info, systemId).isPresent()) return Optional.of(info.name());
    }
    return Optional.empty();
  }

  private Behavior<Command> onProbed(Probed probed) {
    if (inACluster()) return Behaviors.stopped();
    if (probed.answeringPeer().isPresent() && checks < PATIENCE_WITH_PEERS) {
      getContext().getLog().info("not in the cluster after {}, but server {} of the System answers: still joining it",
          after.multipliedBy(checks), probed.answeringPeer().get());
      timers.startSingleTimer(Check.INSTANCE, after);
      return this;
    }
    Cluster cluster = Cluster.get(getContext().getSystem());
    if (probed.answeringPeer().isPresent()) {
      getContext().getLog().warn("the System's servers answer but have not let this server in for {}: carrying on "
          + "alone (a cluster of one) until they do", after.multipliedBy(checks));
    } else {
      getContext().getLog().warn("no server of the System answered within {}: carrying on alone (a cluster of one); "
          + "the System becomes one again when the others are back", after.multipliedBy(checks));
    }
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    return Behaviors.stopped();
  }

  private boolean inACluster() {
    return !Cluster.get(getContext().getSystem()).state().members().isEmpty();
  }
}

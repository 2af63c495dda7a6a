package io.argusvms.membership;

import io.argusvms.join.ClusterKey;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.SystemDatabase;
import io.argusvms.system.SystemState;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Finds servers of this System that answer over HTTP but are not in this server's cluster, and if
 * their cluster wins ({@link Islands#shouldJoin}) twice in a row, restarts this server's actor
 * system to join it. Without this, a first seed that formed a cluster of its own while the others
 * were slow to answer, or both halves of a healed partition, would record the same cameras for
 * ever. The same probe finds servers of a System merged into this one that were offline during
 * the merge ({@link MergeStragglers}).
 */
final class IslandHealer extends AbstractBehavior<IslandHealer.Command> {
  static final Duration INTERVAL = Duration.ofSeconds(5);

  sealed interface Command {}

  private enum Tick implements Command { INSTANCE }

  /** What the probe found: the winning cluster outside this one (and a seed of it), if any. */
  private record Found(Optional<Islands.Side> winner, String seed) implements Command {}

  static Behavior<Command> create(SystemDatabase db, String serverId, NodeSettings settings, ExecutorService blocking,
      Supplier<Optional<ClusterKey>> clusterKey) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, INTERVAL.multipliedBy(2), INTERVAL);
      return new IslandHealer(ctx, db, serverId, settings, blocking, clusterKey);
    }));
  }

  private final SystemDatabase db;
  private final String serverId;
  private final NodeSettings settings;
  private final ExecutorService blocking;
  private final Supplier<Optional<ClusterKey>> clusterKey;
  private final HttpClient http;
  private int strikes;
  private boolean probing;

  private IslandHealer(ActorContext<Command> ctx, SystemDatabase db, String serverId, NodeSettings settings,
      ExecutorService blocking, Supplier<Optional<ClusterKey>> clusterKey) {
    super(ctx);
    this.db = db;
    this.serverId = serverId;
    this.settings = settings;
    this.blocking = blocking;
    this.clusterKey = clusterKey;
    this.http = PeerProbe.client(blocking);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Tick.class, t -> onTick())
        .onMessage(Found.class, this::onFound)
        .build();
  }

  private Behavior<Command> onTick() {
    if (probing) return this;
    SystemState s = db.state();
    Optional<String> mySystem = s.identity().map(i -> i.systemId());
    Optional<String> myLowest = Islands.lowest(s.upClusterAddresses());
    if (mySystem.isEmpty() || myLowest.isEmpty()) return this;
    Islands.Side mine = new Islands.Side(s.upClusterAddresses().size(), myLowest.get());
    List<ServerInfo> outside = new ArrayList<>();
    for (ServerInfo info : s.servers().values()) {
      if (!info.id().equals(serverId) && !s.upClusterAddresses().contains(info.clusterAddress())) outside.add(info);
    }
    if (outside.isEmpty()) {
      strikes = 0;
      return this;
    }
    probing = true;
    getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> {
          MergeStragglers.tellAll(http, db, outside, s, clusterKey.get());
          return probe(http, outside, mySystem.get(), mine);
        }, blocking),
        (found, err) -> found != null ? found : new Found(Optional.empty(), ""));
    return this;
  }

  private Behavior<Command> onFound(Found found) {
    probing = false;
    if (found.winner().isEmpty()) {
      strikes = 0;
      return this;
    }
    if (++strikes < 2) return this;
    getContext().getLog().warn("servers of this System form another, larger cluster (lowest member {}): restarting to join it",
        found.winner().get().lowestMember());
    List<String> seeds = new ArrayList<>(List.of(found.seed()));
    settings.seeds().stream().filter(x -> !seeds.contains(x)).forEach(seeds::add);
    Rejoin.nextSeeds.set(seeds);
    CoordinatedShutdown.get(getContext().getSystem()).run(Rejoin.JoinOtherSide.INSTANCE);
    return Behaviors.stopped();
  }

  /** Asks each server outside this cluster which cluster it is in; the first that wins. */
  private static Found probe(HttpClient http, List<ServerInfo> outside, String systemId, Islands.Side mine) {
    for (ServerInfo info : outside) {
      Optional<Islands.Side> theirs = PeerProbe.clusterOf(http, info, systemId);
      if (theirs.isPresent() && Islands.shouldJoin(mine, theirs.get())) return new Found(theirs, theirs.get().lowestMember());
    }
    return new Found(Optional.empty(), "");
  }
}

package io.argusvms.membership;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.argusvms.merge.SystemMerge;
import io.argusvms.system.ArgusVersion;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.SystemDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * What the node's wiring needs of cluster membership, in the order a server's life uses it:
 * before the actor system starts (a pending System switch, joining with a password, cluster TLS),
 * once it runs (registration, the guards that heal islands and quarantine), and after it stopped
 * (restart and rejoin after being downed or switched). The parts stay package-private.
 */
public final class Membership {
  private Membership() {}

  /**
   * Settles the seeds and cluster key this start uses: a switch a merge left pending, or a first
   * join with an administrator's password (blocking HTTP).
   *
   * @throws IllegalStateException or {@link io.argusvms.join.JoinClient.Refused} for a condition
   *     the operator must fix (no cluster key, wrong join password)
   */
  public static NodeSettings beforeStart(NodeSettings settings, Config config) throws InterruptedException {
    NodeSettings s = SystemSwitch.beforeStart(SystemJoin.beforeStart(settings, config));
    ClusterKeyRotation.beforeStart(s.dataDir());
    return s;
  }

  /**
   * The cluster config of this start: seeds as Pekko addresses, the durable store's folder, TLS,
   * and how long a first seed waits for the others (longer once it has been in a System: see
   * argus.cluster.first-seed-patience).
   */
  public static Config clusterConfig(Config config, NodeSettings s) {
    List<String> seeds = (s.seeds().isEmpty() ? List.of(s.selfSeed()) : s.seeds())
        .stream().map(hp -> "pekko://argus@" + hp).toList();
    Path systemDb = s.dataDir().resolve("system-db");
    Config withSeeds = config
        .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
        .withValue("pekko.cluster.distributed-data.durable.lmdb.dir", ConfigValueFactory.fromAnyRef(systemDb.toString()));
    if (Files.isDirectory(systemDb)) {
      withSeeds = withSeeds.withValue("pekko.cluster.seed-node-timeout",
          ConfigValueFactory.fromAnyRef(config.getString("argus.cluster.first-seed-patience")));
    }
    return ClusterTls.apply(withSeeds, s);
  }

  /**
   * Registers this server in its System (creating the System on the very first start) and starts
   * the guards: quarantine, islands, and a lone start when no peer answers.
   */
  public static void start(ActorContext<?> ctx, SystemDatabase db, NodeSettings settings, ServerInfo self,
      ExecutorService blocking) {
    ctx.spawn(QuarantineWatcher.create(), "quarantine-watcher");
    ctx.spawn(JoinProgress.create(ctx.getSystem().settings().config().getStringList("pekko.cluster.seed-nodes")),
        "join-progress");
    ctx.spawn(LoneStart.create(db, self.id(), ctx.getSystem().settings().config().getDuration("argus.cluster.lone-start-after"),
        blocking), "lone-start");
    ctx.spawn(IslandHealer.create(db, self.id(), settings, blocking, () -> ClusterTls.key(settings.dataDir())),
        "island-healer");
    ServerRegistration.registerUntilDone(ctx.getSystem(), db, settings, self);
  }

  /** Merging this System with another; this server's side of a switch is {@link SystemSwitch#leave}. */
  public static SystemMerge merge(ActorSystem<?> system, SystemDatabase db, String serverId, NodeSettings settings) {
    return new SystemMerge(db, serverId, ArgusVersion.VERSION, settings.dataDir().resolve("backups"),
        () -> ClusterTls.key(settings.dataDir()),
        (seeds, key) -> SystemSwitch.leave(system, settings.dataDir(), seeds, key));
  }

  /**
   * After the actor system terminated: the seeds to restart with when this server was downed,
   * quarantined or switched to another System; empty when it should stop for good.
   */
  /** Whether a shutdown for this reason restarts the actor system in this process (downed, merged, healing a split). */
  public static boolean restartsAfter(Optional<CoordinatedShutdown.Reason> reason) {
    return reason.isPresent() && Rejoin.shouldRestart(reason.get());
  }

  public static Optional<NodeSettings> restartAfter(Optional<CoordinatedShutdown.Reason> reason, NodeSettings settings) {
    if (reason.isEmpty() || !Rejoin.shouldRestart(reason.get())) return Optional.empty();
    List<String> seeds = Rejoin.nextSeeds.getAndSet(null);
    return Optional.of(seeds != null ? settings.withSeeds(seeds) : settings);
  }
}

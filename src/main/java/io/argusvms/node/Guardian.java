package io.argusvms.node;

import com.typesafe.config.Config;
import io.argusvms.archive.Archive;
import io.argusvms.archive.StorageLayout;
import io.argusvms.camera.CameraEntity;
import io.argusvms.camera.CameraKeeper;
import io.argusvms.camera.CameraSharding;
import io.argusvms.camera.RecorderFactory;
import io.argusvms.discovery.Beacon;
import io.argusvms.discovery.DiscoverySettings;
import io.argusvms.discovery.LanDiscovery;
import io.argusvms.http.HttpServer;
import io.argusvms.merge.SystemMerge;
import io.argusvms.http.HttpSettings;
import io.argusvms.placement.PlacementMetrics;
import io.argusvms.playback.ArchiveSummaries;
import io.argusvms.playback.ArchiveSummaryPublisher;
import io.argusvms.system.DataKeys;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.SystemBootstrap;
import io.argusvms.system.SystemDatabase;
import io.argusvms.system.SystemDatabaseListener;
import io.argusvms.system.SystemIdentity;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.typed.Cluster;

/** Wires this server's features together; holds no feature logic of its own. */
final class Guardian {
  private Guardian() {}

  /** Things opened before the actor system: this server's id and its local archive. */
  record Resources(String serverId, Archive archive, RecorderFactory recorders,
      Supplier<String> recordingMetrics, Runnable stopAllRecorders, ExecutorService blocking) {}

  static Behavior<Void> create(NodeSettings settings, Resources res) {
    return Behaviors.setup(ctx -> {
      ActorSystem<Void> system = ctx.getSystem();
      Config config = system.settings().config();
      SystemDatabase db = new SystemDatabase(system);
      ctx.spawn(SystemDatabaseListener.create(db), "system-db-listener");
      ctx.spawn(QuarantineWatcher.create(), "quarantine-watcher");
      ctx.spawn(IslandHealer.create(db, res.serverId(), settings, res.blocking(),
          () -> ClusterTls.key(settings.dataDir())), "island-healer");
      String selfAddress = Cluster.get(system).selfMember().address().toString();
      ServerInfo self = new ServerInfo(res.serverId(), settings.name(), settings.httpUrl(), selfAddress, true,
          config.getInt("argus.node.max-cameras"));

      joinSystemUntilDone(system, db, settings, self);

      CameraEntity.Deps deps = new CameraEntity.Deps(db, res.serverId(), res.recorders(), res.blocking());
      var sharding = CameraSharding.init(system, deps);
      ctx.spawn(CameraKeeper.create(db, sharding), "camera-keeper");
      StorageLayout layout = res.archive().layout();
      ctx.spawn(ServerRuntimePublisher.create(db, res.serverId(), layout::storageInfo, res.blocking()),
          "server-runtime");
      ctx.spawn(RetentionRunner.create(res.archive().retention(), res.blocking()), "retention");

      // Federation (issue 4): every server's coarse archive summary, replicated, for offline servers' periods.
      ArchiveSummaries summaries = new ArchiveSummaries();
      ctx.spawn(summaries.subscriber(), "archive-summaries");
      ctx.spawn(ArchiveSummaryPublisher.create(res.serverId(), res.archive().catalog(),
          () -> db.state().cameras().keySet(), res.blocking()), "archive-summary-publisher");
      LanDiscovery discovery = new LanDiscovery(DiscoverySettings.create(config),
          () -> db.state().identity().map(id -> new Beacon(id.systemId(), id.name(), NodeBackend.VERSION, settings.httpUrl())),
          Clock.systemUTC()).start();
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "discovery-close",
          () -> CompletableFuture.supplyAsync(() -> {
            discovery.close();
            return Done.getInstance();
          }, res.blocking()));
      NodeBackend backend = new NodeBackend(db, res.serverId(), res.archive().catalog(), layout::storageInfo,
          () -> res.recordingMetrics().get() + PlacementMetrics.prometheus() + res.archive().retention().renderPrometheus(),
          discovery::systems,
          new SystemMerge(db, res.serverId(), NodeBackend.VERSION, settings.dataDir().resolve("backups"),
              () -> ClusterTls.key(settings.dataDir()),
              (seeds, key) -> SystemSwitch.leave(system, settings.dataDir(), seeds, key)),
          res.blocking(), summaries);
      HttpServer.start(system, backend, HttpSettings.create(config.getConfig("argus.http")))
          .whenComplete((binding, err) -> {
            if (err != null) {
              system.log().error("cannot serve HTTP on {}:{}: {}", settings.host(), settings.httpPort(), err.getMessage());
              system.terminate();
            } else {
              CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "http-unbind",
                  () -> binding.unbind().thenApply(u -> Done.getInstance()));
              System.out.println("Argus server '" + settings.name() + "' is up: " + settings.httpUrl()
                  + "  (log in as admin; data in " + settings.dataDir() + ")");
            }
          });

      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "close-archive",
          () -> CompletableFuture.supplyAsync(() -> {
            res.stopAllRecorders().run();
            res.archive().close();
            return Done.getInstance();
          }, res.blocking()));
      return Behaviors.empty();
    });
  }

  /** A busy or still-joining server may time out: try again until this server is registered. */
  private static void joinSystemUntilDone(ActorSystem<?> system, SystemDatabase db, NodeSettings settings, ServerInfo self) {
    joinSystem(system, db, settings, self).whenComplete((d, err) -> {
      if (err == null || system.whenTerminated().isCompleted()) return;
      system.log().warn("could not register this server in the System yet ({}); trying again", err.getMessage());
      system.scheduler().scheduleOnce(Duration.ofSeconds(2), () -> joinSystemUntilDone(system, db, settings, self),
          system.executionContext());
    });
  }

  /**
   * Creates the System on its first start (alone, empty database) and registers this server. The
   * replicator answers only after its durable copy is loaded, so "not found" means new.
   */
  private static CompletionStage<Done> joinSystem(ActorSystem<?> system, SystemDatabase db, NodeSettings settings,
      ServerInfo self) {
    CompletionStage<Optional<SystemIdentity>> identity = selfUp(system)
        .thenCompose(up -> getLocal(system, db, DataKeys.IDENTITY))
        .thenApply(m -> m.flatMap(map -> Optional.ofNullable(map.getEntries().get(DataKeys.SINGLE))));
    return identity.thenCompose(id -> {
      // Only a server that formed a cluster of its own creates a System; one that joined others
      // receives theirs by gossip (creating one there would replace the System's identity).
      boolean alone = Cluster.get(system).state().members().size() == 1;
      if (id.isEmpty() && alone && settings.mayCreateSystem()) {
        return SystemBootstrap.createSystem(db, settings.name() + " System", self.id(), settings.adminPassword(),
            settings.demoCamera());
      }
      if (id.isPresent() && !settings.adminPassword().isBlank()) {
        system.log().info("System {} exists: --admin-password is ignored (change it through the API)", id.get().name());
      }
      return CompletableFuture.completedFuture(Done.getInstance());
    }).thenCompose(d -> getLocal(system, db, DataKeys.SERVERS))
        .thenCompose(servers -> SystemBootstrap.registerServer(db, self,
            servers.flatMap(m -> Optional.ofNullable(m.getEntries().get(self.id())))));
  }

  /** Completes when this server is Up in its cluster. */
  private static CompletionStage<Done> selfUp(ActorSystem<?> system) {
    CompletableFuture<Done> up = new CompletableFuture<>();
    Runnable[] check = new Runnable[1];
    check[0] = () -> {
      if (Cluster.get(system).selfMember().status() == org.apache.pekko.cluster.MemberStatus.up()) {
        up.complete(Done.getInstance());
      } else if (!system.whenTerminated().isCompleted()) {
        system.scheduler().scheduleOnce(Duration.ofMillis(100), check[0], system.executionContext());
      }
    };
    check[0].run();
    return up;
  }

  private static <V> CompletionStage<Optional<LWWMap<String, V>>> getLocal(
      ActorSystem<?> system, SystemDatabase db, org.apache.pekko.cluster.ddata.Key<LWWMap<String, V>> key) {
    CompletionStage<Replicator.GetResponse<LWWMap<String, V>>> reply = AskPattern.ask(db.replicatorRef(),
        replyTo -> new Replicator.Get<>(key, Replicator.readLocal(), replyTo), Duration.ofSeconds(30), system.scheduler());
    return reply.thenApply(r -> r instanceof Replicator.GetSuccess<LWWMap<String, V>> ok
        ? Optional.of(ok.get(key)) : Optional.empty());
  }
}

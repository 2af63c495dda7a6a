package io.argusvms.node;

import com.typesafe.config.Config;
import io.argusvms.archive.Archive;
import io.argusvms.archive.RetentionRunner;
import io.argusvms.archive.StorageLayout;
import io.argusvms.camera.CameraEntity;
import io.argusvms.camera.CameraKeeper;
import io.argusvms.camera.CameraService;
import io.argusvms.camera.Handovers;
import io.argusvms.camera.StandbyKeeper;
import io.argusvms.camera.CameraSharding;
import io.argusvms.discovery.Beacon;
import io.argusvms.discovery.DiscoverySettings;
import io.argusvms.discovery.LanDiscovery;
import io.argusvms.http.ApiServices;
import io.argusvms.http.AuthTokens;
import io.argusvms.http.HttpServer;
import io.argusvms.http.HttpSettings;
import io.argusvms.live.LiveFeeds;
import io.argusvms.membership.ClusterKeyRotation;
import io.argusvms.membership.Membership;
import io.argusvms.membership.MembershipService;
import io.argusvms.membership.NodeSettings;
import io.argusvms.onvif.CameraDiscovery;
import io.argusvms.onvif.CameraInspection;
import io.argusvms.onvif.DeviceProbe;
import io.argusvms.placement.PlacementMetrics;
import io.argusvms.playback.ArchiveSummaries;
import io.argusvms.playback.ArchiveSummaryPublisher;
import io.argusvms.playback.LiveService;
import io.argusvms.playback.PeerArchive;
import io.argusvms.playback.PlaybackService;
import io.argusvms.recording.JavaCvRecorders;
import io.argusvms.recording.RecordingMetrics;
import io.argusvms.servers.ServerRuntimePublisher;
import io.argusvms.servers.ServerService;
import io.argusvms.system.ArgusVersion;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.SystemDatabase;
import io.argusvms.system.SystemDatabaseListener;
import io.argusvms.system.SystemState;
import io.argusvms.users.UserService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;

/** Wires this server's features together; holds no feature logic of its own. */
final class Guardian {
  private Guardian() {}

  /** Things opened before the actor system: this server's id, its local archive and its recorders. */
  record Resources(String serverId, Archive archive, JavaCvRecorders recorders, LiveFeeds live,
      ExecutorService blocking) {}

  static Behavior<Void> create(NodeSettings settings, Resources res) {
    return Behaviors.setup(ctx -> {
      ActorSystem<Void> system = ctx.getSystem();
      Config config = system.settings().config();
      Clock clock = Clock.systemUTC();
      String serverId = res.serverId();
      StorageLayout layout = res.archive().layout();

      // The System database, and this server's place in the System.
      SystemDatabase db = new SystemDatabase(system);
      ctx.spawn(SystemDatabaseListener.create(db), "system-db-listener");
      ServerInfo self = new ServerInfo(serverId, settings.name(), settings.httpUrl(),
          Cluster.get(system).selfMember().address().toString(), true, config.getInt("argus.node.max-cameras"));
      Membership.start(ctx, db, settings, self, res.blocking());

      // Recording: cameras placed by sharding, kept alive, this server's capabilities published.
      Handovers handovers = startHandovers(system, db, serverId, config, res.blocking());
      var sharding = CameraSharding.init(system,
          new CameraEntity.Deps(db, serverId, res.recorders(), handovers, res.blocking()));
      ctx.spawn(CameraKeeper.create(db, sharding), "camera-keeper");
      ctx.spawn(StandbyKeeper.create(db, serverId, res.recorders(), config.getBoolean("argus.standby.enabled")),
          "standby-keeper");
      ctx.spawn(ServerRuntimePublisher.create(db, serverId, layout::storageInfo,
          res.recorders()::receivingCameraIds, res.blocking()), "server-runtime");
      ctx.spawn(RetentionRunner.create(res.archive().retention(), res.blocking()), "retention");

      // Federation: every server's coarse archive summary, replicated, for offline servers' periods.
      ArchiveSummaries summaries = new ArchiveSummaries();
      ctx.spawn(summaries.subscriber(), "archive-summaries");
      ctx.spawn(ArchiveSummaryPublisher.create(serverId, res.archive().catalog(),
          () -> db.state().cameras().keySet(), res.blocking()), "archive-summary-publisher");

      LanDiscovery discovery = startDiscovery(ctx, db, settings, config, res.blocking());
      DeviceProbe onvif = startOnvifDiscovery(ctx, config, res.blocking());

      // The API over the feature services.
      HttpSettings httpSettings = HttpSettings.create(config.getConfig("argus.http"));
      UserService users = new UserService(db, clock::millis);
      AuthTokens tokens = HttpServer.tokens(users, httpSettings, clock);
      ServerService servers = new ServerService(db, serverId, layout::storageInfo);
      CameraService cameras = new CameraService(db, serverId);
      Supplier<String> metrics = () -> cameras.prometheus() + res.archive().prometheus()
          + RecordingMetrics.global().prometheusText() + res.recorders().standbyPrometheus() + handovers.prometheus()
          + PlacementMetrics.prometheus();
      PlaybackService playback = new PlaybackService(db, serverId, res.archive().catalog(), layout,
          summaries::forCamera, new PeerArchive(system), tokens.serverToken(serverId), clock, res.blocking());
      ApiServices services = new ApiServices(cameras, servers, users, playback,
          new LiveService(playback, res.live(), system),
          new MembershipService(db, serverId, () -> self.clusterAddress(), users,
              Membership.merge(system, db, serverId, settings), ClusterKeyRotation.of(system, settings.dataDir()), clock,
              res.blocking()),
          () -> discovery.systems(servers.identity().systemId()),
          new CameraInspection(clock, res.blocking()),
          new CameraDiscovery(onvif, serverId, () -> db.state().cameras().values(), () -> onlinePeers(db, serverId),
              tokens.serverToken(serverId), res.blocking()),
          metrics);
      serveHttp(system, services, tokens, httpSettings, clock, settings);

      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "close-archive",
          () -> CompletableFuture.supplyAsync(() -> {
            handovers.stopAll();
            res.recorders().stopAll();
            res.archive().close();
            return Done.getInstance();
          }, res.blocking()));
      return Behaviors.empty();
    });
  }

  /**
   * Recordings that outlive their camera entity at a planned move. At a planned stop of this
   * server they go on (at most handover-overlap-max) after its cameras were handed off, until
   * their new servers record; at a restart into another cluster (downed, merged, healing a split)
   * they stop at once, as the restart must not wait.
   */
  private static Handovers startHandovers(ActorSystem<?> system, SystemDatabase db, String serverId, Config config,
      ExecutorService blocking) {
    Duration max = config.getDuration("argus.recording.handover-overlap-max");
    Handovers handovers = new Handovers(db, serverId, max, blocking);
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseClusterLeave(), "hand-over-recordings",
        () -> CompletableFuture.supplyAsync(() -> {
          if (Membership.restartsAfter(shutdown.getShutdownReason())) handovers.stopAll();
          else handovers.drain(max);
          return Done.getInstance();
        }, blocking));
    return handovers;
  }

  private static List<CameraDiscovery.Peer> onlinePeers(SystemDatabase db, String serverId) {
    SystemState s = db.state();
    return s.servers().values().stream().filter(i -> !i.id().equals(serverId) && s.isOnline(i.id()))
        .map(i -> new CameraDiscovery.Peer(i.id(), i.url())).toList();
  }

  /** WS-Discovery of ONVIF cameras on the interface of argus.http.host; off when argus.onvif.discovery is. */
  private static DeviceProbe startOnvifDiscovery(ActorContext<Void> ctx, Config config, ExecutorService blocking) {
    DeviceProbe probe = new DeviceProbe(config.getString("argus.http.host"),
        config.getDuration("argus.onvif.probe-interval"), Clock.systemUTC());
    if (!config.getBoolean("argus.onvif.discovery")) return probe; // never started: lists nothing
    probe.start();
    CoordinatedShutdown.get(ctx.getSystem()).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "onvif-discovery-close",
        () -> CompletableFuture.supplyAsync(() -> {
          probe.close();
          return Done.getInstance();
        }, blocking));
    return probe;
  }

  private static LanDiscovery startDiscovery(ActorContext<Void> ctx, SystemDatabase db, NodeSettings settings,
      Config config, ExecutorService blocking) {
    LanDiscovery discovery = new LanDiscovery(DiscoverySettings.create(config),
        () -> db.state().identity().map(id -> new Beacon(id.systemId(), id.name(), ArgusVersion.VERSION, settings.httpUrl())),
        Clock.systemUTC()).start();
    CoordinatedShutdown.get(ctx.getSystem()).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "discovery-close",
        () -> CompletableFuture.supplyAsync(() -> {
          discovery.close();
          return Done.getInstance();
        }, blocking));
    return discovery;
  }

  private static void serveHttp(ActorSystem<Void> system, ApiServices services, AuthTokens tokens,
      HttpSettings httpSettings, Clock clock, NodeSettings settings) {
    HttpServer.start(system, services, tokens, httpSettings, clock).whenComplete((binding, err) -> {
      if (err != null) {
        system.log().error("cannot serve HTTP on {}:{}: {}", settings.host(), settings.httpPort(), err.getMessage());
        system.terminate();
      } else {
        HttpServer.closeWithTheSystem(binding, system);
        System.out.println("Argus server '" + settings.name() + "' is up: " + settings.httpUrl()
            + "  (log in as admin; data in " + settings.dataDir() + ")");
      }
    });
  }
}

package io.argusvms.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.argusvms.archive.Archive;
import io.argusvms.archive.RetentionSettings;
import io.argusvms.recording.RecordingMetrics;
import io.argusvms.recording.RecordingSettings;
import java.io.File;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.CoordinatedShutdown;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one Argus server. Configuration: conf/application.conf (via -Dconfig.file), overridden by
 * ARGUS_* environment variables inside it, by -Dargus... / -Dpekko... system properties, and by an
 * optional extra file given as -Dargus.extra-config=FILE.
 *
 * <p>The local archive is opened and recovered before the actor system starts, so no camera
 * records into a catalog that still points at half-written chunks.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    // Stream errors reach operators once per state change through the camera status and our log;
    // FFmpeg's own per-retry stderr lines would repeat them.
    org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL);
    Config config = load();
    NodeSettings settings = NodeSettings.create(config);
    ExecutorService blocking = Executors.newCachedThreadPool(daemonThreads("argus-blocking"));
    while (true) {
      ActorSystem<Void> system;
      try {
        settings = SystemSwitch.beforeStart(SystemJoin.beforeStart(settings, config));
        system = start(config, settings, blocking);
      } catch (IllegalStateException | io.argusvms.join.JoinClient.Refused e) {
        // A start-up condition the operator must fix (no cluster key, wrong join password): say
        // what, without a stack trace, and exit non-zero so that scripts and supervisors see it.
        log.error("cannot start: {}", e.getMessage());
        System.exit(2);
        return;
      }
      system.getWhenTerminated().toCompletableFuture().join();
      Optional<CoordinatedShutdown.Reason> reason = CoordinatedShutdown.get(system).getShutdownReason();
      if (reason.isEmpty() || !Rejoin.shouldRestart(reason.get())) break;
      List<String> seeds = Rejoin.nextSeeds.getAndSet(null);
      if (seeds != null) settings = settings.withSeeds(seeds);
      log.warn("this server left the cluster ({}): restarting and joining {} again", reason.get(),
          settings.seeds().isEmpty() ? "itself" : settings.seeds());
      Thread.sleep(1000);
    }
    System.exit(0);
  }

  /** Opens and recovers the archive, then starts the actor system (the server). */
  private static ActorSystem<Void> start(Config config, NodeSettings settings, ExecutorService blocking) {
    String serverId = ServerId.loadOrCreate(settings.dataDir());
    Archive archive = Archive.open(settings.dataDir(), RetentionSettings.create(config.getConfig("argus.retention")));
    log.info("archive opened: {}", archive.recoveryReport());
    JavaCvRecorders recorders =
        new JavaCvRecorders(archive.layout(), archive.catalog(), RecordingSettings.create(config.getConfig("argus.recording")));
    Guardian.Resources res = new Guardian.Resources(serverId, archive, recorders,
        () -> RecordingMetrics.global().prometheusText(), recorders::stopAll, blocking);
    return ActorSystem.create(Guardian.create(settings, res), "argus", ClusterTls.apply(withClusterSeeds(config, settings), settings));
  }

  static Config load() {
    Config base = ConfigFactory.load();
    String extra = System.getProperty("argus.extra-config", "");
    if (extra.isBlank()) return base;
    return ConfigFactory.systemProperties()
        .withFallback(ConfigFactory.parseFile(new File(extra)))
        .withFallback(base)
        .resolve();
  }

  /** Seeds are given as host:port; Pekko wants full addresses. No seeds = join yourself. */
  static Config withClusterSeeds(Config config, NodeSettings s) {
    List<String> seeds = (s.seeds().isEmpty() ? List.of(s.host() + ":" + s.clusterPort()) : s.seeds())
        .stream().map(hp -> "pekko://argus@" + hp).toList();
    return config
        .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
        .withValue("pekko.cluster.distributed-data.durable.lmdb.dir",
            ConfigValueFactory.fromAnyRef(s.dataDir().resolve("system-db").toString()));
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

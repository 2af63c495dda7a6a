package io.argusvms.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.argusvms.archive.Archive;
import io.argusvms.archive.RetentionSettings;
import io.argusvms.join.JoinClient;
import io.argusvms.membership.Membership;
import io.argusvms.membership.NodeSettings;
import io.argusvms.live.LiveFeeds;
import io.argusvms.recording.JavaCvRecorders;
import io.argusvms.recording.RecordingSettings;
import io.argusvms.recording.StandbySettings;
import java.io.File;
import java.net.BindException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.bytedeco.ffmpeg.global.avutil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one Argus server. Configuration: conf/application.conf (via -Dconfig.file), overridden by
 * ARGUS_* environment variables inside it, by -Dargus... / -Dpekko... system properties, and by an
 * optional extra file given as -Dargus.extra-config=FILE.
 *
 * <p>The local archive is opened and recovered before the actor system starts, so no camera
 * records into a catalog that still points at half-written chunks. A server that was downed or
 * switched to another System starts its actor system again in this process.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    // Stream errors reach operators once per state change through the camera status and our log;
    // FFmpeg's own per-retry stderr lines would repeat them.
    avutil.av_log_set_level(avutil.AV_LOG_FATAL);
    Config config = load();
    NodeSettings settings = NodeSettings.create(config);
    ExecutorService blocking = Executors.newCachedThreadPool(daemonThreads("argus-blocking"));
    boolean restarted = false;
    while (true) {
      ActorSystem<Void> system;
      try {
        settings = Membership.beforeStart(settings, config);
        system = startRetryingTheClusterPort(config, settings, blocking, restarted);
      } catch (IllegalStateException | JoinClient.Refused e) {
        // A start-up condition the operator must fix (no cluster key, wrong join password): say
        // what, without a stack trace, and exit non-zero so that scripts and supervisors see it.
        log.error("cannot start: {}", e.getMessage());
        System.exit(2);
        return;
      }
      awaitTermination(system);
      Optional<CoordinatedShutdown.Reason> reason = CoordinatedShutdown.get(system).getShutdownReason();
      Optional<NodeSettings> again = Membership.restartAfter(reason, settings);
      if (again.isEmpty()) break;
      settings = again.get();
      restarted = true;
      log.warn("this server left the cluster ({}): restarting and joining {} again", reason.orElseThrow(),
          settings.seeds().isEmpty() ? "itself" : settings.seeds());
      Thread.sleep(1000);
    }
    System.exit(0);
  }

  /**
   * How long a stopping actor system may take after its shutdown began. Pekko's remoting can hang
   * for ever while stopping its streams (seen with TLS, in CI, when a server restarted to join
   * another cluster: "proceeding with flushing remote transports", then nothing): waiting for it
   * left the server process alive and offline for good.
   */
  static final Duration STOPPING_AT_MOST = Duration.ofSeconds(30);

  /** Until the actor system terminated, or its shutdown began {@link #STOPPING_AT_MOST} ago. */
  private static void awaitTermination(ActorSystem<Void> system) throws InterruptedException {
    CompletableFuture<?> terminated = system.getWhenTerminated().toCompletableFuture();
    long stoppingSince = 0;
    while (true) {
      try {
        terminated.get(1, TimeUnit.SECONDS);
        return;
      } catch (TimeoutException notYet) {
        if (CoordinatedShutdown.get(system).getShutdownReason().isEmpty()) continue;
        if (stoppingSince == 0) stoppingSince = System.nanoTime();
        if (System.nanoTime() - stoppingSince > STOPPING_AT_MOST.toNanos()) {
          log.error("the actor system did not stop within {} of its shutdown (a Pekko remoting shutdown that hangs); "
              + "carrying on without waiting for it", STOPPING_AT_MOST);
          return;
        }
      } catch (ExecutionException e) {
        return;
      }
    }
  }

  /**
   * Starts the server. When, at a restart in this process, its cluster port is still held (an actor system that did not stop,
   * {@link #awaitTermination}: the stuck one keeps its socket), it starts on a port the system
   * picks instead and says so: it joins the others from there (it registers the address it has),
   * and takes its configured port again at the process's next start.
   */
  private static ActorSystem<Void> startRetryingTheClusterPort(Config config, NodeSettings settings,
      ExecutorService blocking, boolean restart) {
    try {
      return start(config, settings, blocking, false);
    } catch (RuntimeException e) {
      // At the process's first start a held port is someone else's: the operator must see it.
      if (!restart || !mentionsBind(e)) throw e;
      log.warn("the cluster port is still held (by an actor system that did not stop); starting on another port: {}",
          e.toString());
      return start(config, settings, blocking, true);
    }
  }

  private static boolean mentionsBind(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) return true;
      String m = t.getMessage();
      // Artery wraps the BindException in its own message ("Failed to bind TCP to [...]"); any
      // other failure that merely mentions "bind" (a binding of config, say) is not a held port.
      if (m != null && (m.contains("Failed to bind") || m.contains("Address already in use"))) return true;
    }
    return false;
  }

  /** Opens and recovers the archive, then starts the actor system (the server). */
  private static ActorSystem<Void> start(Config config, NodeSettings settings, ExecutorService blocking,
      boolean anyClusterPort) {
    DataFolder.makePrivate(settings.dataDir());
    String serverId = ServerId.loadOrCreate(settings.dataDir());
    Archive archive = Archive.open(settings.dataDir(), RetentionSettings.create(config.getConfig("argus.retention")));
    log.info("archive opened: {}", archive.recoveryReport());
    LiveFeeds live = new LiveFeeds(serverId);
    JavaCvRecorders recorders = new JavaCvRecorders(archive.layout(), archive.catalog(),
        RecordingSettings.create(config.getConfig("argus.recording")),
        StandbySettings.create(config.getConfig("argus.standby")), live);
    Guardian.Resources res = new Guardian.Resources(serverId, archive, recorders, live, blocking);
    try {
      Config cluster = Membership.clusterConfig(config, settings);
      if (anyClusterPort) cluster = cluster.withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(0));
      return ActorSystem.create(Guardian.create(settings, res), "argus", cluster);
    } catch (RuntimeException e) {
      archive.close(); // the next attempt opens it again
      throw e;
    }
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

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

package io.argusvms.camera;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.argusvms.recording.RecorderFactory;
import io.argusvms.recording.RecorderState;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStatus;
import io.argusvms.system.DataKeys;
import io.argusvms.system.FailoverPriority;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.SystemDatabase;
import io.argusvms.system.SystemDatabaseListener;
import io.argusvms.system.SystemState;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * A System of many servers in one JVM with the real Cluster Sharding, our allocation strategy and
 * keeper, and the real System database (Distributed Data), each server an ActorSystem of its own
 * on loopback; cameras are fake recorders that say "recording" at once (no media). Starts every
 * camera, then crashes servers (their ActorSystem terminated without leaving: the others see them
 * unreachable and down them, as after a kill -9) and times until every camera records again.
 * Prints the figures and the command. Bounded: every phase gives up after its timeout.
 *
 * <p>Usage: bench/scale-sim.sh NODES CAMERAS [KILL=1] [TIMEOUT_S=300]
 */
public final class ScaleSim {

  /** Camera id -> when its fake recorder last started (ms): the start itself, apart from its status's spread. */
  static final Map<String, Long> STARTED = new java.util.concurrent.ConcurrentHashMap<>();

  static final RecorderFactory FAKE = (camera, listener) -> {
    STARTED.put(camera.id(), System.currentTimeMillis());
    listener.onState(RecorderState.RECORDING, null);
    return () -> { };
  };

  record Node(String id, ActorSystem<Void> system, SystemDatabase db) {
    String address() {
      return Cluster.get(system).selfMember().address().toString();
    }
  }

  public static void main(String[] args) throws Exception {
    int nodeCount = Integer.parseInt(args[0]);
    int cameraCount = Integer.parseInt(args[1]);
    int kill = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    long timeoutMs = (args.length > 3 ? Long.parseLong(args[3]) : 300) * 1000;
    int room = (int) Math.ceil(cameraCount * 1.5 / nodeCount);
    System.out.printf("command: SCALE_SIM_COORDINATOR=%s SCALE_SIM_KILL=%s bench/scale-sim.sh %d %d %d %d%n",
        COORDINATOR, KILL_OLDEST ? "oldest" : "newest", nodeCount, cameraCount, kill, timeoutMs / 1000);
    System.out.printf("ScaleSim: %d servers (ActorSystems in one JVM), %d cameras (fake recorders), room %d per"
        + " server, %d killed; java %s, %d cpus, max heap %d MiB%n", nodeCount, cameraCount, room, kill,
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf("shard coordinator state: %s (-Dsim.coordinator=ddata|inmem|journal)%n", COORDINATOR);
    long heap0 = usedHeapAfterGc();

    List<Node> nodes = new ArrayList<>();
    long t0 = System.currentTimeMillis();
    try {
      for (int i = 0; i < nodeCount; i++) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "argus", config());
        SystemDatabase db = new SystemDatabase(system);
        system.systemActorOf(SystemDatabaseListener.create(db), "system-db-listener",
            org.apache.pekko.actor.typed.Props.empty());
        nodes.add(new Node(String.format("s%03d", i), system, db));
      }
      var firstAddress = Cluster.get(nodes.get(0).system()).selfMember().address();
      for (Node n : nodes) Cluster.get(n.system()).manager().tell(Join.create(firstAddress));
      await("all " + nodeCount + " members up", timeoutMs, () -> (int) nodes.stream().filter(n ->
          Cluster.get(n.system()).selfMember().status() == MemberStatus.up()
              && Cluster.get(n.system()).state().members().size() == nodeCount).count(), nodeCount);
      Thread.sleep(SETTLE_MS); // joining is over when all are Up; let gossip and heartbeats settle
      long clusterAt = System.currentTimeMillis();
      long heapCluster = usedHeapAfterGc();
      System.out.printf("cluster of %d formed in %.1f s; heap %d MiB (%.1f MiB per server)%n", nodeCount,
          (clusterAt - t0) / 1e3, (heapCluster - heap0) >> 20, (heapCluster - heap0) / 1048576.0 / nodeCount);

      Map<String, ServerInfo> servers = new LinkedHashMap<>();
      for (Node n : nodes) servers.put(n.id(), new ServerInfo(n.id(), n.id(), "http://" + n.id(), n.address(), true, room));
      Map<String, CameraConfig> cameras = new LinkedHashMap<>();
      for (int c = 0; c < cameraCount; c++) {
        String id = String.format("cam-%06d", c);
        cameras.put(id, new CameraConfig(id, id, "demo://" + id, null, null, nodes.get(c % nodeCount).id(),
            FailoverPriority.MEDIUM, true));
      }
      SystemDatabase db0 = nodes.get(0).db();
      db0.putAll(DataKeys.SERVERS, servers).toCompletableFuture().get(60, TimeUnit.SECONDS);
      // In batches, as operators add cameras: one write of 10,000 (a 1.9 MB delta) exceeds Artery's
      // 256 KiB frame and is dropped (OversizedPayloadException), so the write never reaches a majority.
      Map<String, CameraConfig> batch = new LinkedHashMap<>();
      int written = 0;
      int notConfirmed = 0;
      for (CameraConfig c : cameras.values()) {
        batch.put(c.id(), c);
        if (batch.size() == BATCH || written + batch.size() == cameras.size()) {
          long w0 = System.currentTimeMillis();
          try {
            db0.putAll(DataKeys.CAMERAS, batch).toCompletableFuture().get(60, TimeUnit.SECONDS);
          } catch (java.util.concurrent.ExecutionException e) {
            // No majority within the database's 2 s (the API would answer 503): the change stands
            // here and spreads by gossip; the wait below says whether it reaches every server.
            notConfirmed++;
          }
          written += batch.size();
          if (written % (BATCH * 10) == 0 || written == cameras.size()) {
            System.out.printf("  %d cameras written (last %d in %d ms)%n", written, batch.size(),
                System.currentTimeMillis() - w0);
          }
          batch.clear();
        }
      }
      System.out.printf("  %d of %d writes not confirmed by a majority within 2 s%n", notConfirmed,
          (cameraCount + BATCH - 1) / BATCH);
      try {
        await("every server's database has every camera", timeoutMs, () -> (int) nodes.stream()
            .filter(n -> n.db().state().cameras().size() == cameraCount && n.db().state().servers().size() == nodeCount)
            .count(), nodeCount);
      } catch (IllegalStateException e) {
        System.out.printf("after %d s, cameras in each server's database: %s%n", timeoutMs / 1000,
            nodes.stream().map(n -> Integer.toString(n.db().state().cameras().size())).toList());
        throw e;
      }
      long configuredAt = System.currentTimeMillis();
      System.out.printf("configuration replicated to every server in %.1f s%n", (configuredAt - clusterAt) / 1e3);

      for (Node n : nodes) {
        var sharding = CameraSharding.init(n.system(), new CameraEntity.Deps(n.db(), n.id(), FAKE,
            new Handovers(n.db(), n.id(), java.time.Duration.ZERO, Runnable::run), Runnable::run));
        n.system().systemActorOf(CameraKeeper.create(n.db(), sharding), "camera-keeper",
            org.apache.pekko.actor.typed.Props.empty());
      }
      Set<String> all = new HashSet<>(servers.keySet());
      try {
        awaitRecording("every camera recording", nodes.get(0), cameras.keySet(), all, configuredAt, timeoutMs, 0.5, 0.9, 1.0);
      } finally {
        printStarts("every camera's recorder started", cameras.keySet(), configuredAt);
      }
      long heapRunning = usedHeapAfterGc();
      System.out.printf("heap with every camera running: %d MiB, %.1f KiB per camera (beyond the servers')%n",
          (heapRunning - heap0) >> 20, (heapRunning - heapCluster) / 1024.0 / cameraCount);
      printDatabase(db0.state());

      // Crash the newest servers (the oldest hosts the coordinator), or with sim.kill=oldest the
      // oldest, so that the coordinator moves too: no leave, as a kill -9.
      Set<String> alive = new HashSet<>(all);
      long cpu0 = cpuNanos();
      long killedAt = System.currentTimeMillis();
      for (int k = 0; k < kill; k++) {
        Node victim = nodes.get(KILL_OLDEST ? k : nodeCount - 1 - k);
        victim.system().terminate();
        alive.remove(victim.id());
      }
      Node witness = nodes.get(KILL_OLDEST ? nodeCount - 1 : 0);
      Set<String> lost = new HashSet<>();
      for (CameraConfig c : cameras.values()) if (!alive.contains(c.homeServerId())) lost.add(c.id());
      System.out.printf("killed %d servers at t=0 (%d cameras homed there)%n", kill, lost.size());
      try {
        awaitRecording("their cameras recording again", witness, lost, alive, killedAt, timeoutMs, 0.01, 0.5, 0.9, 1.0);
      } finally {
        printStarts("their recorders started again", lost, killedAt);
      }
      awaitRecording("every camera recording on the " + alive.size() + " left", witness, cameras.keySet(), alive,
          killedAt, timeoutMs, 1.0);
      System.out.printf("JVM CPU during the failover: %.1f s (all %d servers together)%n",
          (cpuNanos() - cpu0) / 1e9, alive.size());
    } finally {
      for (Node n : nodes) n.system().terminate();
      for (Node n : nodes) n.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  static final int BATCH = 500;
  static final long SETTLE_MS = 10_000;

  /**
   * Where the shard coordinator keeps its state: "journal" (the servers' setting: one event per
   * allocation in {@code ReplicatedJournal}, on a majority of servers), "ddata" (Pekko's: the whole
   * state, every shard's region, written with WriteMajority at each allocation) or "inmem" (the
   * events in an in-memory journal of the coordinator's own ActorSystem: not shared, so not for a
   * coordinator that moves; it is here only to measure what the state writes cost).
   */
  static final String COORDINATOR = System.getProperty("sim.coordinator", "journal");

  /** Crash the oldest servers (the coordinator's first) rather than the newest. */
  static final boolean KILL_OLDEST = System.getProperty("sim.kill", "newest").equals("oldest");

  static Config coordinatorStore() {
    if (COORDINATOR.equals("ddata")) return ConfigFactory.parseString("pekko.cluster.sharding.state-store-mode = ddata");
    if (COORDINATOR.equals("journal")) {
      return ConfigFactory.parseString("""
          pekko.cluster.sharding.state-store-mode = persistence
          pekko.cluster.sharding.journal-plugin-id = "argus.replicated-journal"
          pekko.cluster.sharding.snapshot-plugin-id = "argus.replicated-snapshot-store"
          """);
    }
    if (!COORDINATOR.equals("inmem")) {
      throw new IllegalArgumentException("sim.coordinator: ddata, inmem or journal, not " + COORDINATOR);
    }
    return ConfigFactory.parseString("""
        pekko.cluster.sharding.state-store-mode = persistence
        pekko.persistence.journal.plugin = "pekko.persistence.journal.inmem"
        pekko.persistence.snapshot-store.plugin = "pekko.persistence.snapshot-store.local"
        pekko.persistence.snapshot-store.local.dir = "target/scale-sim-snapshots"
        """);
  }

  static Config config() {
    return coordinatorStore().withFallback(ConfigFactory.parseString("""
            pekko.remote.artery.canonical.hostname = 127.0.0.1
            pekko.remote.artery.canonical.port = 0
            pekko.cluster.distributed-data.durable.keys = []
            pekko.loglevel = WARNING
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.coordinated-shutdown.run-by-actor-system-terminate = off
            pekko.cluster.run-coordinated-shutdown-when-down = off
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            # Many servers share two cores here: with the servers' 1.5 s heartbeat pause, a starved
            # JVM's servers took each other for dead and downed each other while forming (20 servers).
            pekko.cluster.failure-detector.acceptable-heartbeat-pause = 6s
            argus.cluster.stable-after = 5s
            """))
        .withFallback(ConfigFactory.parseFile(new File("conf/application.conf")))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  /** Polls every 250 ms until every watched camera records on a server of {@code on}; prints when the
   * given shares of them are. */
  static void awaitRecording(String what, Node seenBy, Set<String> watched, Set<String> on, long since, long timeoutMs,
      double... marks) throws InterruptedException {
    int cameras = watched.size();
    int next = 0;
    long deadline = since + timeoutMs;
    int count = 0;
    while (next < marks.length) {
      SystemState s = seenBy.db().state();
      count = 0;
      for (CameraConfig c : s.cameras().values()) {
        if (!watched.contains(c.id())) continue;
        CameraStatus st = CameraStatusRule.status(s, c);
        if (CameraStatus.RECORDING.equals(st.state()) && on.contains(st.serverId())) count++;
      }
      while (next < marks.length && count >= Math.ceil(marks[next] * cameras)) {
        System.out.printf("  %s: %3.0f %% after %.1f s%n", what, marks[next] * 100,
            (System.currentTimeMillis() - since) / 1e3);
        next++;
      }
      if (next >= marks.length) return;
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(what + ": only " + count + " of " + cameras + " after " + timeoutMs / 1000 + " s");
      }
      Thread.sleep(250);
    }
  }

  /**
   * When the recorders of {@code watched} started after {@code since}: the camera start itself
   * (allocation, region, entity), where the status marks above add the spread of each camera's
   * status through the System database to the server that watches.
   */
  static void printStarts(String what, Set<String> watched, long since) {
    List<Long> at = new ArrayList<>();
    for (String id : watched) {
      Long t = STARTED.get(id);
      if (t != null && t >= since) at.add(t - since);
    }
    java.util.Collections.sort(at);
    if (at.isEmpty()) {
      System.out.printf("  %s: none%n", what);
      return;
    }
    double[] marks = {0.0, 0.5, 0.9, 1.0};
    StringBuilder out = new StringBuilder();
    for (double m : marks) {
      int i = Math.min(at.size() - 1, (int) Math.ceil(m * at.size()) - (m == 0 ? 0 : 1));
      out.append(String.format(" %s %.1f s,", m == 0 ? "first" : String.format("%.0f %%", m * 100), at.get(i) / 1e3));
    }
    long span = at.get(at.size() - 1) - at.get(0);
    System.out.printf("  %s (%d):%s %.0f starts a second from first to last%n", what, at.size(),
        out.substring(0, out.length() - 1), span == 0 ? Double.NaN : (at.size() - 1) * 1e3 / span);
  }

  static void await(String what, long timeoutMs, IntSupplier have, int want) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (have.getAsInt() < want) {
      if (System.currentTimeMillis() > deadline) throw new IllegalStateException("not within timeout: " + what);
      Thread.sleep(250);
    }
  }

  /** The replicated System database's size: entries, and bytes as JSON (a proxy for its CBOR). */
  static void printDatabase(SystemState s) throws Exception {
    ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    System.out.printf("System database: %d cameras (%d KiB as JSON), %d camera statuses (%d KiB), %d servers%n",
        s.cameras().size(), json.writeValueAsBytes(s.cameras()).length >> 10, s.cameraStatus().size(),
        json.writeValueAsBytes(s.cameraStatus()).length >> 10, s.servers().size());
  }

  static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) System.gc();
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private ScaleSim() {}
}

package io.argusvms.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.argusvms.recording.RecorderFactory;
import io.argusvms.recording.RecorderState;
import io.argusvms.system.FailoverPriority;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.SystemDatabase;
import io.argusvms.system.SystemDatabaseListener;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shard coordinator with its state as events in the replicated journal
 * ({@code state-store-mode = persistence}, {@code argus.replicated-journal}): three servers in one
 * JVM, the coordinator on the oldest (A), which crashes (no leave, as a kill -9) while it records
 * cameras. The coordinator recovers on B from what a majority has, and every camera records again
 * on B or C, none on two servers, and the cameras B and C recorded do not restart.
 */
class CoordinatorJournalFailoverTest {
  static final Map<String, CameraShardingClusterTest.Node> nodes = new LinkedHashMap<>();
  /** cameraId -> the servers whose recorder for it runs now. */
  static final Map<String, Set<String>> running = new ConcurrentHashMap<>();
  /** cameraId -> how many times a recorder for it started, on any server. */
  static final Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();

  static RecorderFactory recorders(String server) {
    return (camera, listener) -> {
      running.computeIfAbsent(camera.id(), id -> ConcurrentHashMap.newKeySet()).add(server);
      starts.computeIfAbsent(camera.id(), id -> new AtomicInteger()).incrementAndGet();
      listener.onState(RecorderState.RECORDING, null);
      return () -> running.get(camera.id()).remove(server);
    };
  }

  /** CameraShardingClusterTest's servers, crashing as after a kill -9, with the journal. */
  static Config config() {
    return ConfigFactory.parseString("""
            pekko.coordinated-shutdown.run-by-actor-system-terminate = off
            pekko.cluster.run-coordinated-shutdown-when-down = off
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.cluster.sharding.state-store-mode = persistence
            pekko.cluster.sharding.journal-plugin-id = "argus.replicated-journal"
            pekko.cluster.sharding.snapshot-plugin-id = "argus.replicated-snapshot-store"
            # A snapshot after every few allocations, so that recovery reads a snapshot and events.
            pekko.cluster.sharding.snapshot-after = 3
            argus.replicated-snapshot-store.chunk-size = 200B
            """).withFallback(CameraShardingClusterTest.config()).resolve();
  }

  @BeforeAll
  static void formCluster() throws Exception {
    for (String id : List.of("A", "B", "C")) {
      ActorTestKit kit = ActorTestKit.create("argus", config());
      SystemDatabase db = new SystemDatabase(kit.system());
      kit.spawn(SystemDatabaseListener.create(db), "system-db-listener");
      nodes.put(id, new CameraShardingClusterTest.Node(id, kit, db));
      // One after another, so that A is the oldest and hosts the coordinator.
      Cluster.get(kit.system()).manager().tell(Join.create(
          Cluster.get(nodes.get("A").kit().system()).selfMember().address()));
      CameraShardingClusterTest.await(id + " up", Duration.ofSeconds(30),
          () -> Cluster.get(kit.system()).selfMember().status() == MemberStatus.up());
    }
    SystemDatabase db = nodes.get("A").db();
    CameraShardingClusterTest.put(db, new ServerInfo("A", "A", "http://a", nodes.get("A").address(), true, 10));
    CameraShardingClusterTest.put(db, new ServerInfo("B", "B", "http://b", nodes.get("B").address(), true, 10));
    CameraShardingClusterTest.put(db, new ServerInfo("C", "C", "http://c", nodes.get("C").address(), true, 10));
    for (String id : List.of("a1", "a2", "a3", "a4", "a5", "a6")) {
      CameraShardingClusterTest.camera(db, id, "A", FailoverPriority.MEDIUM);
    }
    CameraShardingClusterTest.camera(db, "b1", "B", FailoverPriority.MEDIUM);
    CameraShardingClusterTest.camera(db, "c1", "C", FailoverPriority.MEDIUM);
    for (var n : nodes.values()) {
      CameraShardingClusterTest.await("database on " + n.id(), Duration.ofSeconds(20), () ->
          n.db().state().cameras().size() == 8 && n.db().state().servers().size() == 3);
      var sharding = CameraSharding.init(n.kit().system(), new CameraEntity.Deps(n.db(), n.id(), recorders(n.id()),
          new Handovers(n.db(), n.id(), Duration.ZERO, Runnable::run), Runnable::run));
      n.kit().spawn(CameraKeeper.create(n.db(), sharding), "camera-keeper");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (var n : nodes.values()) n.kit().system().terminate();
    for (var n : nodes.values()) n.kit().system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** cameraId -> the servers running a recorder for it, sorted. */
  static Map<String, Set<String>> runningNow() {
    Map<String, Set<String>> out = new TreeMap<>();
    running.forEach((camera, on) -> out.put(camera, new java.util.TreeSet<>(on)));
    return out;
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void everyCameraRecordsAgainOnceAfterTheCoordinatorsServerCrashed() throws Exception {
    Map<String, Set<String>> home = new TreeMap<>(Map.of("a1", Set.of("A"), "a2", Set.of("A"), "a3", Set.of("A"),
        "a4", Set.of("A"), "a5", Set.of("A"), "a6", Set.of("A"), "b1", Set.of("B"), "c1", Set.of("C")));
    CameraShardingClusterTest.await("every camera at home: " + runningNow(), Duration.ofSeconds(60),
        () -> runningNow().equals(home));

    var a = nodes.get("A").kit().system();
    var aAddress = Cluster.get(a).selfMember().address();
    a.terminate();
    a.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    for (String id : List.of("a1", "a2", "a3", "a4", "a5", "a6")) running.get(id).remove("A"); // died with A
    Cluster.get(nodes.get("B").kit().system()).manager().tell(Down.apply(aAddress));

    CameraShardingClusterTest.await("A's cameras recording on B or C, each on one: " + runningNow(),
        Duration.ofSeconds(90), () -> runningNow().values().stream().allMatch(on -> on.size() == 1
            && (on.contains("B") || on.contains("C"))));
    Thread.sleep(3_000); // a few keeper rounds: no camera may start a second time
    Map<String, Set<String>> after = runningNow();
    for (var e : after.entrySet()) assertEquals(1, e.getValue().size(), e.getKey() + " runs on " + e.getValue());
    assertEquals(Set.of("B"), after.get("b1"));
    assertEquals(Set.of("C"), after.get("c1"));
    assertEquals(1, starts.get("b1").get(), "b1 kept recording on B: the coordinator recovered its home");
    assertEquals(1, starts.get("c1").get(), "c1 kept recording on C");
  }
}

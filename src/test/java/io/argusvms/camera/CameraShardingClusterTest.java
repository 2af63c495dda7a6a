package io.argusvms.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three servers as three actor systems in one JVM, formed into a real Pekko cluster with the real
 * System database, camera sharding, our allocation strategy and the keeper, recording with a
 * recorder that only says "recording". Server A leaves: its cameras move by priority and by the
 * room the others have, Never cameras wait, and more room lets the next priority in.
 */
class CameraShardingClusterTest {
  static final Map<String, Node> nodes = new LinkedHashMap<>();

  record Node(String id, ActorTestKit kit, SystemDatabase db) {
    String address() {
      return Cluster.get(kit.system()).selfMember().address().toString();
    }
  }

  /** Says RECORDING as soon as it starts, like a camera that answers at once. */
  static final RecorderFactory RECORDERS = (camera, listener) -> {
    listener.onState(RecorderState.RECORDING, null);
    return () -> { };
  };

  static Config config() {
    return ConfigFactory.parseString("""
            pekko.remote.artery.canonical.hostname = 127.0.0.1
            pekko.remote.artery.canonical.port = 0
            pekko.cluster.distributed-data.durable.keys = []
            pekko.loglevel = WARNING
            pekko.coordinated-shutdown.exit-jvm = off
            """)
        .withFallback(ConfigFactory.parseFile(new File("conf/application.conf")))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  @BeforeAll
  static void formCluster() throws Exception {
    for (String id : List.of("A", "B", "C")) {
      ActorTestKit kit = ActorTestKit.create("argus", config());
      SystemDatabase db = new SystemDatabase(kit.system());
      kit.spawn(SystemDatabaseListener.create(db), "system-db-listener");
      nodes.put(id, new Node(id, kit, db));
    }
    var first = Cluster.get(nodes.get("A").kit().system());
    for (Node n : nodes.values()) {
      Cluster.get(n.kit().system()).manager().tell(org.apache.pekko.cluster.typed.Join.create(first.selfMember().address()));
    }
    await("three members up", Duration.ofSeconds(30), () -> nodes.values().stream().allMatch(n ->
        Cluster.get(n.kit().system()).state().members().size() == 3
            && Cluster.get(n.kit().system()).selfMember().status() == MemberStatus.up()));

    SystemDatabase db = nodes.get("A").db();
    put(db, new ServerInfo("A", "A", "http://a", nodes.get("A").address(), true, 10));
    put(db, new ServerInfo("B", "B", "http://b", nodes.get("B").address(), true, 2));
    put(db, new ServerInfo("C", "C", "http://c", nodes.get("C").address(), true, 1));
    camera(db, "b-own", "B", FailoverPriority.MEDIUM);
    camera(db, "c-own", "C", FailoverPriority.MEDIUM);
    camera(db, "a-high", "A", FailoverPriority.HIGH);
    camera(db, "a-medium", "A", FailoverPriority.MEDIUM);
    camera(db, "a-low", "A", FailoverPriority.LOW);
    camera(db, "a-never", "A", FailoverPriority.NEVER);
    for (Node n : nodes.values()) {
      await("database on " + n.id(), Duration.ofSeconds(20), () ->
          n.db().state().cameras().size() == 6 && n.db().state().servers().size() == 3);
      var sharding = CameraSharding.init(n.kit().system(), new CameraEntity.Deps(n.db(), n.id(), RECORDERS,
          new Handovers(n.db(), n.id(), Duration.ZERO, Runnable::run), Runnable::run));
      n.kit().spawn(CameraKeeper.create(n.db(), sharding), "camera-keeper");
    }
  }

  /** All at once: each one's leaving waits for the others to see it, one after another takes long. */
  @AfterAll
  static void stop() throws Exception {
    for (Node n : nodes.values()) n.kit().system().terminate();
    for (Node n : nodes.values()) {
      n.kit().system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  static void put(SystemDatabase db, ServerInfo s) throws Exception {
    db.put(DataKeys.SERVERS, s.id(), s).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static void camera(SystemDatabase db, String id, String home, FailoverPriority p) throws Exception {
    db.put(DataKeys.CAMERAS, id, new CameraConfig(id, id, "demo://" + id, null, null, home, p, true))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within " + within + ": " + what);
      Thread.sleep(100);
    }
  }

  /** cameraId -> the server recording it now (null: none), as server {@code seenBy} tells it. */
  static Map<String, String> recorders(String seenBy) {
    SystemState s = nodes.get(seenBy).db().state();
    Map<String, String> out = new java.util.TreeMap<>();
    for (CameraConfig c : s.cameras().values()) {
      CameraStatus st = CameraStatusRule.status(s, c);
      out.put(c.id(), CameraStatus.RECORDING.equals(st.state()) ? st.serverId() : null);
    }
    return out;
  }

  static Map<String, String> expected(String... cameraAndServer) {
    Map<String, String> m = new java.util.TreeMap<>();
    for (int i = 0; i < cameraAndServer.length; i += 2) m.put(cameraAndServer[i], cameraAndServer[i + 1]);
    return m;
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void whenAServerLeavesItsCamerasMoveByPriorityAndRoom() throws Exception {
    Map<String, String> home = expected("a-high", "A", "a-low", "A", "a-medium", "A", "a-never", "A",
        "b-own", "B", "c-own", "C");
    await("every camera at home: " + recorders("C"), Duration.ofSeconds(60), () -> recorders("C").equals(home));

    Node a = nodes.get("A");
    Cluster.get(a.kit().system()).manager().tell(org.apache.pekko.cluster.typed.Leave.create(
        Cluster.get(a.kit().system()).selfMember().address()));
    // B has room for one more, C for none: High goes to B; Medium, Low and Never wait.
    Map<String, String> afterLeave = expected("a-high", "B", "a-low", null, "a-medium", null, "a-never", null,
        "b-own", "B", "c-own", "C");
    await("High on B, the rest waiting: " + recorders("C"), Duration.ofSeconds(60),
        () -> recorders("C").equals(afterLeave));
    Thread.sleep(3_000); // a few retry intervals: nothing else may squeeze in
    assertEquals(afterLeave, recorders("C"));

    // One more place on B: Medium takes it, before Low.
    put(nodes.get("B").db(), new ServerInfo("B", "B", "http://b", nodes.get("B").address(), true, 3));
    Map<String, String> afterRoom = expected("a-high", "B", "a-low", null, "a-medium", "B", "a-never", null,
        "b-own", "B", "c-own", "C");
    await("Medium on B: " + recorders("C"), Duration.ofSeconds(30), () -> recorders("C").equals(afterRoom));
    Thread.sleep(3_000);
    assertEquals(afterRoom, recorders("C"));
    assertNull(recorders("B").get("a-never"), "a Never camera waits for its home");
  }
}

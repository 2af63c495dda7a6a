package io.argusvms.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.argusvms.placement.PlacementSnapshot.Camera;
import io.argusvms.placement.PlacementSnapshot.Server;
import io.argusvms.system.FailoverPriority;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Await;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Pekko adapter around PlacementPolicy, with real region refs of two actor systems: it maps
 * regions to servers by their cluster address (a local ref to this node's), answers with the
 * chosen region, fails the future when no server may host a camera, and rebalances home.
 */
class CameraAllocationStrategyTest {
  static ActorTestKit a;
  static ActorTestKit b;
  static ActorRef regionA;
  static ActorRef regionB;
  static Cluster cluster;
  static Map<String, String> serverAt = new HashMap<>();

  static Config config() {
    return ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.loglevel = WARNING
        """).withFallback(ConfigFactory.load());
  }

  @BeforeAll
  static void start() throws Exception {
    a = ActorTestKit.create("alloc-a", config());
    b = ActorTestKit.create("alloc-b", config());
    cluster = Cluster.get(Adapter.toClassic(a.system()));
    cluster.join(cluster.selfAddress());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (cluster.selfMember().status() != MemberStatus.up() && System.nanoTime() < deadline) Thread.sleep(50);
    // Region refs as the coordinator on A sees them: A's own is local, B's carries B's address.
    regionA = Adapter.toClassic(a.createTestProbe().ref());
    // B's region as A holds it: resolved from its serialized form, so it carries B's address.
    String onB = ActorRefResolver.get(b.system()).toSerializationFormat(b.createTestProbe().ref());
    regionB = Adapter.toClassic(ActorRefResolver.get(a.system()).resolveActorRef(onB));
    serverAt.put(cluster.selfAddress().toString(), "A");
    serverAt.put(Cluster.get(Adapter.toClassic(b.system())).selfAddress().toString(), "B");
  }

  @AfterAll
  static void stop() {
    a.shutdownTestKit();
    b.shutdownTestKit();
  }

  private static CameraAllocationStrategy strategy(PlacementSnapshot snapshot) {
    return new CameraAllocationStrategy(() -> snapshot, address -> Optional.ofNullable(serverAt.get(address)), cluster);
  }

  private static Map<ActorRef, IndexedSeq<String>> current(Map<ActorRef, List<String>> m) {
    Map<ActorRef, IndexedSeq<String>> out = new HashMap<>();
    m.forEach((ref, shards) -> out.put(ref, CollectionConverters.asScala(shards).toIndexedSeq()));
    return out;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return Await.result(f, scala.concurrent.duration.Duration.create(5, TimeUnit.SECONDS));
  }

  private static PlacementSnapshot snapshot(boolean bOnline, int maxA, Camera... cameras) {
    Map<String, Camera> cams = new HashMap<>();
    for (Camera c : cameras) cams.put(c.id(), c);
    return new PlacementSnapshot(Map.of(
        "A", new Server("A", true, true, maxA, true, null),
        "B", new Server("B", bOnline, true, 10, true, null)), cams);
  }

  @Test
  void aCameraGoesToTheRegionOfItsHomeServer() throws Exception {
    PlacementSnapshot s = snapshot(true, 10, new Camera("cam-b", "B", FailoverPriority.MEDIUM));
    ActorRef chosen = await(strategy(s).allocateShard(regionA, "cam-b",
        current(Map.of(regionA, List.of(), regionB, List.of()))));
    assertEquals(regionB, chosen);
  }

  @Test
  void withItsHomeGoneACameraFailsOverToTheLocalRegion() throws Exception {
    PlacementSnapshot s = snapshot(false, 10, new Camera("cam-b", "B", FailoverPriority.HIGH));
    ActorRef chosen = await(strategy(s).allocateShard(regionA, "cam-b", current(Map.of(regionA, List.of()))));
    assertEquals(regionA, chosen);
  }

  @Test
  void noServerAllowedIsAFailedFutureSoTheRegionAsksAgain() {
    PlacementSnapshot never = snapshot(false, 10, new Camera("cam-n", "B", FailoverPriority.NEVER));
    assertThrows(CameraAllocationStrategy.NoServerForCamera.class, () ->
        await(strategy(never).allocateShard(regionA, "cam-n", current(Map.of(regionA, List.of())))));

    PlacementSnapshot full = snapshot(false, 1, new Camera("cam-a", "A", FailoverPriority.LOW),
        new Camera("cam-b", "B", FailoverPriority.LOW));
    assertThrows(CameraAllocationStrategy.NoServerForCamera.class, () ->
        await(strategy(full).allocateShard(regionA, "cam-b", current(Map.of(regionA, List.of("cam-a"))))));
  }

  @Test
  void rebalanceSendsACameraHomeOnceItsHomeIsBack() throws Exception {
    PlacementSnapshot s = snapshot(true, 10, new Camera("cam-b", "B", FailoverPriority.HIGH));
    Set<String> moves = await(strategy(s).rebalance(
        current(Map.of(regionA, List.of("cam-b"), regionB, List.of())), Set.of()));
    assertEquals(Set.of("cam-b"), moves);
  }

  @Test
  void aRegionOfAnUnknownServerIsNeverChosen() throws Exception {
    // B's region is there, but the System database does not know B's address yet.
    Map<String, String> saved = new HashMap<>(serverAt);
    serverAt.values().remove("B");
    try {
      PlacementSnapshot s = snapshot(true, 10, new Camera("cam-x", "A", FailoverPriority.MEDIUM));
      ActorRef chosen = await(strategy(s).allocateShard(regionA, "cam-x",
          current(Map.of(regionA, List.of(), regionB, List.of()))));
      assertEquals(regionA, chosen);
    } finally {
      serverAt.putAll(saved);
    }
  }

  @Test
  void oneStrategyFollowsTheCoordinatorsAllocationsFromCallToCall() throws Exception {
    // As the coordinator calls it during a failover: one snapshot, the allocations growing with
    // each decision applied, then shrinking; the strategy's index follows every change.
    PlacementSnapshot s = snapshot(false, 2, new Camera("c1", "B", FailoverPriority.LOW),
        new Camera("c2", "B", FailoverPriority.LOW), new Camera("c3", "B", FailoverPriority.LOW));
    CameraAllocationStrategy strategy = strategy(s);
    Map<ActorRef, IndexedSeq<String>> none = current(Map.of(regionA, List.of()));
    assertEquals(regionA, await(strategy.allocateShard(regionA, "c1", none)));
    assertEquals(regionA, await(strategy.allocateShard(regionA, "c2", current(Map.of(regionA, List.of("c1"))))));
    Map<ActorRef, IndexedSeq<String>> full = current(Map.of(regionA, List.of("c1", "c2")));
    assertThrows(CameraAllocationStrategy.NoServerForCamera.class, () ->
        await(strategy.allocateShard(regionA, "c3", full)), "A is full");
    assertThrows(CameraAllocationStrategy.NoServerForCamera.class, () ->
        await(strategy.allocateShard(regionA, "c3", full)), "the same allocations again: still full");
    assertEquals(regionA, await(strategy.allocateShard(regionA, "c3", current(Map.of(regionA, List.of("c2"))))),
        "c1 left A: room again");
    assertThrows(CameraAllocationStrategy.NoServerForCamera.class, () ->
        await(strategy.allocateShard(regionA, "c1", current(Map.of()))), "A's region is gone");
    assertEquals(regionA, await(strategy.allocateShard(regionA, "c1", none)), "A's region is back, empty");
  }
}

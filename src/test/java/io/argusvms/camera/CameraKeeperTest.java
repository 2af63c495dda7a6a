package io.argusvms.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStatus;
import io.argusvms.system.DataKeys;
import io.argusvms.system.FailoverPriority;
import io.argusvms.system.InMemorySystemStore;
import io.argusvms.system.ServerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which cameras the keeper pokes on each tick, with an injected clock and the ticks sent by hand. */
class CameraKeeperTest {
  static final ActorTestKit kit = ActorTestKit.create();
  static final long T0 = 1_767_225_600_000L;

  InMemorySystemStore store;
  TestProbe<ShardingEnvelope<CameraEntity.Command>> sharding;
  AtomicLong now;
  AtomicBoolean shuttingDown;
  ActorRef<CameraKeeper.Command> keeper;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    store = new InMemorySystemStore();
    store.put(DataKeys.SERVERS, "s1", new ServerInfo("s1", "one", "http://x", "pekko://argus@h:1", true, 10));
    store.setUp(Set.of("pekko://argus@h:1"));
    sharding = kit.createTestProbe();
    now = new AtomicLong(T0);
    shuttingDown = new AtomicBoolean(false);
    keeper = kit.spawn(CameraKeeper.create(store, sharding.ref(), shuttingDown::get, now::get, false));
  }

  private void camera(String id, boolean recording) {
    store.put(DataKeys.CAMERAS, id, new CameraConfig(id, id, "demo://" + id, null, null, "s1", FailoverPriority.MEDIUM,
        recording));
  }

  private void reported(String id, String serverId, long sinceMs) {
    store.put(DataKeys.cameraStatus(id), id, new CameraStatus(CameraStatus.RECORDING, serverId, sinceMs, null));
  }

  /** One tick at {@code atMs}; the cameras poked, sorted. */
  private List<String> pokes(long atMs) {
    now.set(atMs);
    keeper.tell(CameraKeeper.Tick.INSTANCE);
    List<String> poked = new ArrayList<>();
    for (;;) {
      try {
        poked.add(sharding.receiveMessage(Duration.ofMillis(300)).entityId());
      } catch (AssertionError quiet) {
        return poked.stream().sorted().toList();
      }
    }
  }

  @Test
  void aWaitingCameraIsPokedEverySecondAndARunningOneRarely() {
    camera("waiting", true);
    camera("running", true);
    reported("running", "s1", T0 - 5_000);
    assertEquals(List.of("running", "waiting"), pokes(T0));
    // No server has ever reported "waiting": every tick pokes it (ticks come every second).
    assertEquals(List.of("waiting"), pokes(T0 + 500));
    assertEquals(List.of("waiting"), pokes(T0 + 1_000));
    assertEquals(List.of("waiting"), pokes(T0 + 2_000));
    assertEquals(List.of("running", "waiting"), pokes(T0 + CameraKeeper.HEALTHY_POKE_MS));
  }

  @Test
  void aDisabledCameraIsNeverPoked() {
    camera("off", false);
    assertEquals(List.of(), pokes(T0));
    assertEquals(List.of(), pokes(T0 + 60_000));
  }

  @Test
  void aCameraWhoseServerWentOfflineIsPokedAgainWithinASecond() {
    camera("cam", true);
    reported("cam", "s1", T0 - 5_000);
    assertEquals(List.of("cam"), pokes(T0));
    store.setUp(Set.of()); // s1 is gone (kill -9: its report stays)
    assertEquals(List.of("cam"), pokes(T0 + 1_000));
  }

  @Test
  void aCameraThatReportsItStoppedIsPokedAtOnce() {
    camera("cam", true);
    reported("cam", "s1", T0 - 5_000);
    assertEquals(List.of("cam"), pokes(T0));
    store.put(DataKeys.cameraStatus("cam"), "cam", new CameraStatus(CameraStatus.UNPLACED, null, T0 + 100, null));
    assertEquals(List.of("cam"), pokes(T0 + 200));
  }

  @Test
  void nothingIsPokedWhileThisServerShutsDown() {
    camera("cam", true);
    shuttingDown.set(true);
    assertEquals(List.of(), pokes(T0));
  }
}

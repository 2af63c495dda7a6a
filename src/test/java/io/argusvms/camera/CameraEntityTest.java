package io.argusvms.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.recording.RecorderFactory;
import io.argusvms.recording.RecorderState;
import io.argusvms.recording.RecorderStatusListener;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStatus;
import io.argusvms.system.DataKeys;
import io.argusvms.system.FailoverPriority;
import io.argusvms.system.InMemorySystemStore;
import io.argusvms.system.ServerInfo;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A camera's recording actor over an in-memory System database and a recorder that only counts:
 * it starts recording, reports what its recorder says, follows config changes, and leaves the
 * right status behind when it stops.
 */
class CameraEntityTest {
  static final ActorTestKit kit = ActorTestKit.create();
  static int next;

  InMemorySystemStore store;
  FakeRecorders recorders;
  Handovers handovers;
  String id;

  /** Starts and stops as told; the listener of each start is kept so a test can play the recorder. */
  static final class FakeRecorders implements RecorderFactory {
    record Started(CameraConfig camera, RecorderStatusListener listener, boolean[] stopped) {}

    final List<Started> started = new CopyOnWriteArrayList<>();

    @Override
    public Running start(CameraConfig camera, RecorderStatusListener listener) {
      Started s = new Started(camera, listener, new boolean[1]);
      started.add(s);
      return () -> s.stopped()[0] = true;
    }
  }

  @AfterEach
  void stopHandovers() {
    handovers.stopAll();
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    store = new InMemorySystemStore();
    recorders = new FakeRecorders();
    handovers = new Handovers(store, "s1", Duration.ofSeconds(3), Runnable::run);
    id = "cam-" + next++;
    putCamera("rtsp://10.0.0.1/a", true);
  }

  private void putCamera(String url, boolean recording) {
    store.put(DataKeys.CAMERAS, id, new CameraConfig(id, "Cam", url, null, null, "s1", FailoverPriority.HIGH, recording));
  }

  private ActorRef<CameraEntity.Command> spawn() {
    // The direct executor: stop() of the fake returns at once.
    return kit.spawn(CameraEntity.create(id, new CameraEntity.Deps(store, "s1", recorders, handovers, Runnable::run)));
  }

  private CameraStatus status() {
    return store.state().cameraStatus().get(id);
  }

  private void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within 5 s: " + what + "; status " + status());
      Thread.sleep(20);
    }
  }

  @Test
  void startsItsRecorderAndReportsWhatTheRecorderSays() throws Exception {
    spawn();
    await("recorder started", () -> recorders.started.size() == 1);
    assertEquals(CameraStatus.CONNECTING, status().state());
    assertEquals("s1", status().serverId());
    recorders.started.get(0).listener().onState(RecorderState.RECORDING, null);
    await("recording reported", () -> CameraStatus.RECORDING.equals(status().state()));
    recorders.started.get(0).listener().onState(RecorderState.CONNECTING, "connection refused: rtsp://10.0.0.1/a");
    await("error reported", () -> "connection refused: rtsp://10.0.0.1/a".equals(status().error()));
  }

  @Test
  void aNewUrlRestartsTheRecorderAndANewNameDoesNot() throws Exception {
    spawn();
    await("recorder started", () -> recorders.started.size() == 1);
    store.put(DataKeys.CAMERAS, id, new CameraConfig(id, "Renamed", "rtsp://10.0.0.1/a", null, null, "s1",
        FailoverPriority.HIGH, true));
    Thread.sleep(1_500); // more than one config check
    assertEquals(1, recorders.started.size(), "a rename does not touch the stream");
    putCamera("rtsp://10.0.0.2/b", true);
    await("second recorder", () -> recorders.started.size() == 2);
    assertTrue(recorders.started.get(0).stopped()[0], "the old stream was stopped");
    assertEquals("rtsp://10.0.0.2/b", recorders.started.get(1).camera().url());
  }

  @Test
  void disablingStopsTheActorAndItsRecorderAndSaysDisabled() throws Exception {
    TestProbe<CameraEntity.Command> probe = kit.createTestProbe();
    ActorRef<CameraEntity.Command> entity = spawn();
    await("recorder started", () -> recorders.started.size() == 1);
    putCamera("rtsp://10.0.0.1/a", false);
    probe.expectTerminated(entity, Duration.ofSeconds(5));
    assertTrue(recorders.started.get(0).stopped()[0]);
    assertEquals(CameraStatus.DISABLED, status().state());
    assertNull(status().serverId());
  }

  @Test
  void removingTheCameraStopsItAndForgetsItsStatus() throws Exception {
    TestProbe<CameraEntity.Command> probe = kit.createTestProbe();
    ActorRef<CameraEntity.Command> entity = spawn();
    await("recorder started", () -> recorders.started.size() == 1);
    store.remove(DataKeys.CAMERAS, id);
    probe.expectTerminated(entity, Duration.ofSeconds(5));
    assertTrue(recorders.started.get(0).stopped()[0]);
    assertNull(status(), "no status is left for a removed camera");
  }

  @Test
  void stoppedForAMoveItLeavesUnplacedForTheNextServer() throws Exception {
    TestProbe<CameraEntity.Command> probe = kit.createTestProbe();
    ActorRef<CameraEntity.Command> entity = spawn();
    await("recorder started", () -> recorders.started.size() == 1);
    kit.stop(entity);
    probe.expectTerminated(entity, Duration.ofSeconds(5));
    assertTrue(recorders.started.get(0).stopped()[0]);
    assertEquals(CameraStatus.UNPLACED, status().state());
    assertNull(status().serverId());
  }

  // ---- make-before-break: a camera that moves while it records

  /** Spawns the entity, lets its recorder say RECORDING, then stops the entity as a hand-off does. */
  private FakeRecorders.Started movedWhileRecording() throws Exception {
    TestProbe<CameraEntity.Command> probe = kit.createTestProbe();
    ActorRef<CameraEntity.Command> entity = spawn();
    await("recorder started", () -> recorders.started.size() == 1);
    recorders.started.get(0).listener().onState(RecorderState.RECORDING, null);
    await("recording reported", () -> CameraStatus.RECORDING.equals(status().state()));
    kit.stop(entity);
    probe.expectTerminated(entity, Duration.ofSeconds(5));
    return recorders.started.get(0);
  }

  private static final String S2_ADDRESS = "pekko://argus@127.0.0.1:3";

  private void otherServerReports(String state, String error) {
    store.put(DataKeys.SERVERS, "s2", new ServerInfo("s2", "s2", "http://127.0.0.1:2", S2_ADDRESS, true, 10));
    store.setUp(Set.of(S2_ADDRESS));
    store.put(DataKeys.cameraStatus(id), id, new CameraStatus(state, "s2", System.currentTimeMillis(), error));
  }

  @Test
  void movedWhileRecordingItRecordsOnUntilTheNewServerRecords() throws Exception {
    var first = movedWhileRecording();
    assertEquals(CameraStatus.UNPLACED, status().state(), "the keeper must see it move at once");
    Thread.sleep(600);
    assertFalse(first.stopped()[0], "the recording outlives the entity");
    assertEquals(1, handovers.size());
    otherServerReports(CameraStatus.CONNECTING, null);
    Thread.sleep(600);
    assertFalse(first.stopped()[0], "the new server is only opening the stream");
    otherServerReports(CameraStatus.RECORDING, null);
    await("stopped once the new server records", () -> first.stopped()[0]);
    assertEquals(0, handovers.size());
    assertTrue(handovers.prometheus().contains("argus_handovers_total{outcome=\"taken_over\"} 1"), handovers.prometheus());
  }

  @Test
  void aNewServerThatCannotOpenTheCameraEndsTheOverlapAtOnce() throws Exception {
    var first = movedWhileRecording();
    otherServerReports(CameraStatus.CONNECTING, "camera refused the session (RTSP 453)");
    await("stopped: it may hold the camera's only session", () -> first.stopped()[0]);
  }

  @Test
  void nobodyTakingOverEndsTheOverlapAtItsMaximum() throws Exception {
    var first = movedWhileRecording();
    long stoppedAt = System.nanoTime();
    await("stopped after at most 3 s", () -> first.stopped()[0]);
    assertTrue(System.nanoTime() - stoppedAt > 2_000_000_000L, "not before the maximum");
  }

  @Test
  void disablingTheCameraDuringTheOverlapStopsIt() throws Exception {
    var first = movedWhileRecording();
    putCamera("rtsp://10.0.0.1/a", false);
    await("stopped", () -> first.stopped()[0]);
  }

  @Test
  void aNewEntityOnThisServerTakesTheRecordingBackWithoutAGap() throws Exception {
    var first = movedWhileRecording();
    spawn();
    await("recording again", () -> CameraStatus.RECORDING.equals(status().state()) && "s1".equals(status().serverId()));
    Thread.sleep(300);
    assertEquals(1, recorders.started.size(), "no new session: the old one never stopped");
    assertFalse(first.stopped()[0]);
    assertEquals(0, handovers.size());
  }

  @Test
  void aRecorderThatIsStillConnectingStopsAtOnceWhenMoved() throws Exception {
    TestProbe<CameraEntity.Command> probe = kit.createTestProbe();
    ActorRef<CameraEntity.Command> entity = spawn();
    await("recorder started", () -> recorders.started.size() == 1);
    kit.stop(entity);
    probe.expectTerminated(entity, Duration.ofSeconds(5));
    assertTrue(recorders.started.get(0).stopped()[0], "nothing recorded, nothing to hand over");
    assertEquals(0, handovers.size());
  }
}

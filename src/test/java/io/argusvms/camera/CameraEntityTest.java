package io.argusvms.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
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

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    store = new InMemorySystemStore();
    recorders = new FakeRecorders();
    id = "cam-" + next++;
    putCamera("rtsp://10.0.0.1/a", true);
  }

  private void putCamera(String url, boolean recording) {
    store.put(DataKeys.CAMERAS, id, new CameraConfig(id, "Cam", url, null, null, "s1", FailoverPriority.HIGH, recording));
  }

  private ActorRef<CameraEntity.Command> spawn() {
    // The direct executor: stop() of the fake returns at once.
    return kit.spawn(CameraEntity.create(id, new CameraEntity.Deps(store, "s1", recorders, Runnable::run)));
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
}

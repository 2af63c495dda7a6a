package io.argusvms.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.recording.Standbys;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStandby;
import io.argusvms.system.CameraStatus;
import io.argusvms.system.DataKeys;
import io.argusvms.system.FailoverPriority;
import io.argusvms.system.InMemorySystemStore;
import io.argusvms.system.ServerInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One server's standby keeper over the in-memory System database: what it holds, releases and
 * publishes as the recording server's reports change. B is the only server that can hold the
 * standby of A's High camera.
 */
class StandbyKeeperTest {
  final InMemorySystemStore db = new InMemorySystemStore();
  final FakeStandbys standbys = new FakeStandbys();
  final Map<String, CameraStandby> published = new HashMap<>();
  final CameraConfig cam = new CameraConfig("cam", "Cam", "rtsp://10.0.0.9/s", null, null, "A", FailoverPriority.HIGH, true);

  StandbyKeeperTest() {
    db.put(DataKeys.SERVERS, "A", new ServerInfo("A", "A", "http://a", "pekko://argus@a:1", true, 10));
    db.put(DataKeys.SERVERS, "B", new ServerInfo("B", "B", "http://b", "pekko://argus@b:1", true, 10));
    db.setUp(Set.of("pekko://argus@a:1", "pekko://argus@b:1"));
    db.put(DataKeys.CAMERAS, "cam", cam);
  }

  void tick() {
    StandbyKeeper.tick(db, "B", standbys, true, published);
  }

  void status(String state, String server, String error) {
    db.put(DataKeys.cameraStatus("cam"), "cam", new CameraStatus(state, server, 1, error));
  }

  @Test
  void opensOnlyOnceTheCameraRecordsElsewhereAndPublishesWhatItHolds() {
    status(CameraStatus.CONNECTING, "A", null);
    tick();
    assertTrue(standbys.held.isEmpty(), "the recording opens the camera first");
    status(CameraStatus.RECORDING, "A", null);
    tick();
    assertEquals(Set.of("cam"), standbys.held.keySet());
    CameraStandby sb = db.state().cameraStandby().get("cam");
    assertEquals("B", sb.serverId());
    assertFalse(sb.warm());
    standbys.held.put("cam", new Standbys.Held(cam, true, null, 1000));
    tick();
    assertTrue(db.state().cameraStandby().get("cam").warm(), "warm is published");
  }

  @Test
  void letsGoWhenTheRecordingServerCannotOpenTheCamera() {
    status(CameraStatus.RECORDING, "A", null);
    tick();
    assertEquals(Set.of("cam"), standbys.held.keySet());
    status(CameraStatus.CONNECTING, "A", "camera refused the session (RTSP 4xx, e.g. 453)");
    tick();
    assertTrue(standbys.held.isEmpty(), "its session may be the one the recording needs");
    assertNull(db.state().cameraStandby().get("cam"), "no standby is shown");
    status(CameraStatus.RECORDING, "A", null);
    tick();
    assertEquals(Set.of("cam"), standbys.held.keySet(), "back once the recording runs");
  }

  @Test
  void keptWhenTheRecordingServersStorageFails() {
    status(CameraStatus.RECORDING, "A", null);
    tick();
    status(CameraStatus.CONNECTING, "A", "storage not writable: cannot create the chunk of 1 of camera cam");
    tick();
    assertEquals(Set.of("cam"), standbys.held.keySet(), "the camera moves here next: its buffer fills the gap");
  }

  @Test
  void keptThroughTheDeathOfTheRecordingServer() {
    status(CameraStatus.RECORDING, "A", null);
    tick();
    db.setUp(Set.of("pekko://argus@b:1")); // A killed: its last report stays
    tick();
    assertEquals(Set.of("cam"), standbys.held.keySet());
  }

  @Test
  void releasedWhenTheOperatorTurnsItOff() {
    status(CameraStatus.RECORDING, "A", null);
    tick();
    db.put(DataKeys.CAMERAS, "cam", new CameraConfig("cam", "Cam", cam.url(), null, null, "A", FailoverPriority.HIGH, true, false));
    tick();
    assertTrue(standbys.held.isEmpty());
    assertNull(db.state().cameraStandby().get("cam"));
  }

  static final class FakeStandbys implements Standbys {
    final Map<String, Held> held = new HashMap<>();

    @Override
    public void hold(CameraConfig camera) {
      held.putIfAbsent(camera.id(), new Held(camera, false, null, 0));
    }

    @Override
    public void release(String cameraId) {
      held.remove(cameraId);
    }

    @Override
    public Map<String, Held> held() {
      return new HashMap<>(held);
    }
  }
}

package io.argusvms.recording;

import static io.argusvms.recording.RecordingSessionRtspTest.SETTINGS;
import static io.argusvms.recording.RecordingSessionRtspTest.WAIT;
import static io.argusvms.recording.RecordingSessionRtspTest.last;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.StorageLayout;
import io.argusvms.testing.FreePorts;
import io.argusvms.testing.TestCamera;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A camera that is absent, silent, stalls, dies and comes back: clear reasons, no hung thread. */
class RecordingSessionFaultsTest {

  @TempDir Path dir;

  @Test
  void closedPortIsReportedAsConnectionRefusedAndRetried() {
    StateLog states = new StateLog();
    RecordingMetrics metrics = new RecordingMetrics();
    RecordingSession session = RecordingSession.start("cam-refused",
        "rtsp://127.0.0.1:" + FreePorts.find() + "/cam0", null, null, StorageLayout.cameraFolder(dir), SETTINGS,
        new ChunkLog(), states, metrics);
    try {
      String error = states.awaitError("connection refused", WAIT);
      assertTrue(error.contains("127.0.0.1"), error);
      waitFor(() -> metrics.reconnects() >= 2, "reconnect attempts");
    } finally {
      session.stop();
    }
    assertEquals(RecorderState.STOPPED, last(states).state());
    assertEquals(1, states.changes().stream().filter(c -> c.error() != null).count(),
        "the same error is reported once, not per attempt: " + states.changes());
  }

  @Test
  void silentServerTimesOutAndStopInterruptsTheConnect() throws Exception {
    // Accepts TCP (the kernel does) but never answers RTSP: a hung camera.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      StateLog states = new StateLog();
      RecordingSession session = RecordingSession.start("cam-silent",
          "rtsp://127.0.0.1:" + silent.getLocalPort() + "/cam0", null, null, StorageLayout.cameraFolder(dir), SETTINGS,
          new ChunkLog(), states, new RecordingMetrics());
      String error = states.awaitError("did not answer", WAIT);
      assertTrue(error.contains("127.0.0.1:" + silent.getLocalPort()), error);
      session.stop();
      assertFalse(session.isRunning());

      // A long socket timeout: only stop() can end this connect early.
      RecordingSettings patient = new RecordingSettings(SETTINGS.chunkDuration(),
          SETTINGS.flushInterval(), Duration.ofMinutes(5), SETTINGS.reconnectMin(), SETTINGS.reconnectMax());
      StateLog patientStates = new StateLog();
      RecordingSession connecting = RecordingSession.start("cam-silent-2",
          "rtsp://127.0.0.1:" + silent.getLocalPort() + "/cam0", null, null, StorageLayout.cameraFolder(dir), patient,
          new ChunkLog(), patientStates, new RecordingMetrics());
      patientStates.await(RecorderState.CONNECTING, WAIT);
      Thread.sleep(300); // let it get into the blocking connect
      connecting.stop();
      assertFalse(connecting.isRunning(), "stop() ended the session thread mid-connect");
      assertEquals(RecorderState.STOPPED, last(patientStates).state());
    }
  }

  @Test
  void stalledCameraIsDetectedAndRecordingResumesWhenItWakes() throws Exception {
    try (TestCamera camera = TestCamera.start(1)) {
      ChunkLog chunks = new ChunkLog();
      StateLog states = new StateLog();
      RecordingSession session = RecordingSession.start("cam-stall", camera.url(0), null, null,
          StorageLayout.cameraFolder(dir), SETTINGS, chunks, states, new RecordingMetrics());
      try {
        int recording = states.await(RecorderState.RECORDING, WAIT);
        Thread.sleep(1500);
        camera.freeze();
        // socket-timeout is 2 s; "a bit" more for the chunk to be sealed and reported
        int stalled = states.await(recording, c -> c.error() != null && c.error().contains("stalled"),
            SETTINGS.socketTimeout().plusSeconds(3), "stall");
        assertTrue(chunks.sealed().size() >= 1, "the chunk open at the stall was sealed");
        camera.thaw();
        states.await(stalled, c -> c.state() == RecorderState.RECORDING, WAIT, "RECORDING again");
      } finally {
        camera.thaw();
        session.stop();
      }
      ChunkFiles.assertWellFormed(dir, "cam-stall", chunks.sealed().subList(0, 1));
    }
  }

  @Test
  void killedCameraIsReconnectedAfterItRestarts() throws Exception {
    try (TestCamera camera = TestCamera.start(1)) {
      ChunkLog chunks = new ChunkLog();
      StateLog states = new StateLog();
      RecordingMetrics metrics = new RecordingMetrics();
      RecordingSession session = RecordingSession.start("cam-kill", camera.url(0), null, null,
          StorageLayout.cameraFolder(dir), SETTINGS, chunks, states, metrics);
      try {
        int recording = states.await(RecorderState.RECORDING, WAIT);
        Thread.sleep(1500);
        camera.kill();
        int lost = states.await(recording, c -> c.state() == RecorderState.CONNECTING && c.error() != null,
            WAIT, "error after kill");
        int sealedBeforeRestart = chunks.sealed().size();
        assertTrue(sealedBeforeRestart >= 1, "chunk sealed when the camera died");
        states.await(lost, c -> c.error() != null && c.error().contains("connection refused"),
            WAIT, "refused while the camera is down");
        camera.restart();
        states.await(lost, c -> c.state() == RecorderState.RECORDING, WAIT, "RECORDING after restart");
        long restartedAt = System.currentTimeMillis();
        waitFor(() -> chunks.chunks().stream().anyMatch(c -> c.startMs() >= restartedAt - 2000
            && c.sizeBytes() > 0 && !c.sealed()), "a new chunk after the restart");
      } finally {
        session.stop();
      }
      assertTrue(metrics.reconnects() >= 2, "reconnects counted: " + metrics.reconnects());
      List<ChunkRecord> sealed = chunks.sealed();
      assertTrue(sealed.size() >= 2, "chunks before and after: " + sealed);
      for (ChunkRecord c : sealed) {
        ChunkFiles.assertStartsWithKeyframeAndDecodes(Path.of(c.path()));
      }
    }
  }

  @Test
  void nonRtspUrlIsRejectedBeforeOpening() {
    StateLog states = new StateLog();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RecordingSession.start("cam-http", "http://x", null, null, StorageLayout.cameraFolder(dir), SETTINGS,
            new ChunkLog(), states, new RecordingMetrics()));
    assertTrue(e.getMessage().contains("unsupported URL scheme 'http'"), e.getMessage());
    assertTrue(states.changes().isEmpty());
  }

  @Test
  void unwritableStorageIsReportedAndRetriedWithoutCrashing() throws Exception {
    // Root may write anywhere, so the camera folder sits under a regular file instead.
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    StateLog states = new StateLog();
    RecordingMetrics metrics = new RecordingMetrics();
    RecordingSession session = RecordingSession.start("cam-storage", "demo://storage", null, null,
        StorageLayout.cameraFolder(file.resolve("cam-storage")), SETTINGS, new ChunkLog(), states, metrics);
    try {
      String error = states.awaitError("storage not writable", WAIT);
      assertTrue(error.contains("not-a-folder"), error);
      waitFor(() -> metrics.reconnects() >= 2, "retries");
      assertTrue(session.isRunning(), "still trying");
    } finally {
      session.stop();
    }
    assertEquals(RecorderState.STOPPED, last(states).state());
  }

  static void waitFor(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}

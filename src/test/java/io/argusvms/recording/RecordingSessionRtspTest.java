package io.argusvms.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.StorageLayout;
import io.argusvms.testing.TestCamera;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording a real RTSP camera (GStreamer) into chunk files. */
class RecordingSessionRtspTest {

  static final RecordingSettings SETTINGS = new RecordingSettings(Duration.ofSeconds(2),
      Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(1));
  static final Duration WAIT = Duration.ofSeconds(15);

  static TestCamera camera;

  @TempDir Path dir;

  @BeforeAll
  static void startCamera() {
    camera = TestCamera.start(1);
  }

  @AfterAll
  static void stopCamera() {
    camera.close();
  }

  @Test
  void recordsRtspStreamIntoContiguousChunksThatStartAtKeyframes() throws Exception {
    ChunkLog chunks = new ChunkLog();
    StateLog states = new StateLog();
    Path cameraDir = dir.resolve("cam-rtsp");
    RecordingSession session = RecordingSession.start("cam-rtsp", camera.url(0), null, null,
        StorageLayout.cameraFolder(cameraDir), SETTINGS, chunks, states, new RecordingMetrics());
    try {
      states.await(RecorderState.RECORDING, WAIT);
      awaitSealed(chunks, 3);
    } finally {
      session.stop();
    }
    assertFalse(session.isRunning(), "thread ended on stop");
    List<StateLog.Change> changes = states.changes();
    assertEquals(new StateLog.Change(RecorderState.CONNECTING, null), changes.get(0));
    assertEquals(RecorderState.RECORDING, changes.get(1).state());
    assertEquals(new StateLog.Change(RecorderState.STOPPED, null), changes.get(changes.size() - 1));

    List<ChunkRecord> sealed = chunks.sealed();
    assertEquals(chunks.chunks(), sealed, "every chunk sealed after stop");
    assertTrue(sealed.size() >= 3, "several chunks: " + sealed.size());
    ChunkFiles.assertWellFormed(cameraDir, "cam-rtsp", sealed);
    for (ChunkRecord c : sealed.subList(0, sealed.size() - 1)) {
      // cut at the first keyframe after 2 s; the camera sends one a second
      assertTrue(c.durationMs() >= 2000 && c.durationMs() <= 3100, "chunk length: " + c);
      assertTrue(c.keyframes().size() >= 2, "a keyframe per second indexed: " + c);
    }
    // open chunks were reported (flushes) before they were sealed, sizes growing
    ChunkRecord first = sealed.get(0);
    List<ChunkRecord> firstReports = chunks.reports().stream()
        .filter(r -> r.startMs() == first.startMs()).toList();
    assertTrue(firstReports.size() >= 3, "flushed reports of the first chunk: " + firstReports.size());
    assertFalse(firstReports.get(0).sealed());
    for (int i = 1; i < firstReports.size(); i++) {
      assertTrue(firstReports.get(i).sizeBytes() >= firstReports.get(i - 1).sizeBytes());
    }
  }

  @Test
  void rightCredentialsOpenTheSecuredPath() throws Exception {
    ChunkLog chunks = new ChunkLog();
    StateLog states = new StateLog();
    RecordingSession session = RecordingSession.start("cam-secure", camera.secureUrl(),
        TestCamera.USER, TestCamera.PASSWORD, StorageLayout.cameraFolder(dir), SETTINGS, chunks, states, new RecordingMetrics());
    try {
      states.await(RecorderState.RECORDING, WAIT);
    } finally {
      session.stop();
    }
    assertFalse(chunks.sealed().isEmpty(), "chunk sealed on stop");
  }

  @Test
  void wrongPasswordIsReportedAsWrongCredentials() {
    StateLog states = new StateLog();
    RecordingSession session = RecordingSession.start("cam-401", camera.secureUrl(),
        TestCamera.USER, "not-the-password", StorageLayout.cameraFolder(dir), SETTINGS, new ChunkLog(), states,
        new RecordingMetrics());
    try {
      String error = states.awaitError("401", WAIT);
      assertTrue(error.contains("wrong credentials"), error);
      assertFalse(error.contains("not-the-password"), "no password in errors: " + error);
    } finally {
      session.stop();
    }
    assertEquals(RecorderState.STOPPED, last(states).state());
  }

  @Test
  void unknownPathIsReportedAsNoSuchStream() {
    StateLog states = new StateLog();
    RecordingSession session = RecordingSession.start("cam-404",
        "rtsp://127.0.0.1:" + camera.port() + "/nosuchpath", null, null, StorageLayout.cameraFolder(dir), SETTINGS,
        new ChunkLog(), states, new RecordingMetrics());
    try {
      String error = states.awaitError("404", WAIT);
      assertTrue(error.contains("no such stream") && error.contains("/nosuchpath"), error);
    } finally {
      session.stop();
    }
    assertEquals(RecorderState.STOPPED, last(states).state());
  }

  @Test
  void h265StreamPassesThroughIntoMpegTs() throws Exception {
    ChunkLog chunks = new ChunkLog();
    StateLog states = new StateLog();
    RecordingSession session = RecordingSession.start("cam-h265", camera.h265Url(), null, null,
        StorageLayout.cameraFolder(dir), SETTINGS, chunks, states, new RecordingMetrics());
    try {
      states.await(RecorderState.RECORDING, WAIT);
      awaitSealed(chunks, 1);
    } finally {
      session.stop();
    }
    ChunkRecord chunk = chunks.sealed().get(0);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(chunk.path())) {
      grabber.start();
      assertEquals("hevc", grabber.getVideoCodecName());
      assertTrue(grabber.grabImage() != null, "an H.265 picture decodes from the chunk");
    }
    ChunkFiles.assertWellFormed(dir, "cam-h265", chunks.sealed());
  }

  static void awaitSealed(ChunkLog chunks, int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (chunks.sealed().size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("fewer than " + count + " sealed chunks: " + chunks.chunks());
      }
      Thread.sleep(100);
    }
  }

  static StateLog.Change last(StateLog states) {
    List<StateLog.Change> c = states.changes();
    return c.get(c.size() - 1);
  }
}

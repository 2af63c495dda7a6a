package io.argusvms.recording;

import static io.argusvms.recording.RecordingSessionRtspTest.SETTINGS;
import static io.argusvms.recording.RecordingSessionRtspTest.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.StorageLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in demo camera records through the same writer as RTSP. */
class RecordingSessionDemoTest {

  @TempDir Path dir;

  @Test
  void demoCameraRecordsChunksLikeARealCamera() throws Exception {
    ChunkLog chunks = new ChunkLog();
    StateLog states = new StateLog();
    RecordingMetrics metrics = new RecordingMetrics();
    Path cameraDir = dir.resolve("demo");
    RecordingSession session = RecordingSession.start("demo", "demo://lobby", null, null,
        StorageLayout.cameraFolder(cameraDir), SETTINGS, chunks, states, metrics);
    try {
      states.await(RecorderState.RECORDING, WAIT);
      RecordingSessionRtspTest.awaitSealed(chunks, 2);
    } finally {
      session.stop();
    }
    assertEquals(RecorderState.STOPPED, RecordingSessionRtspTest.last(states).state());
    List<ChunkRecord> sealed = chunks.sealed();
    assertTrue(sealed.size() >= 2, "chunks: " + sealed);
    ChunkFiles.assertWellFormed(cameraDir, "demo", sealed);
    ChunkRecord full = sealed.get(0);
    assertEquals(2000, full.durationMs(), "demo keyframes every second: cut at exactly 2 s");
    assertEquals(2, full.keyframes().size());
    assertEquals(0, metrics.packetsDropped());
    assertEquals(sealed.size(), metrics.chunksSealed());
  }
}

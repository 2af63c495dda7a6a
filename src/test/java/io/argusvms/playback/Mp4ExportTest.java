package io.argusvms.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.StorageLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mp4ExportTest {
  private static final ChunkSource LOCAL = ChunkSource.local(new StorageLayout(Path.of("unused")));
  /** 2024-05-01T12:00:00Z. */
  static final long T0 = 1_714_564_800_000L;

  @TempDir Path dir;
  ChunkRecord first;
  ChunkRecord second;
  ChunkRecord third;

  @BeforeEach
  void recordThreeChunks() throws IOException {
    // first and second are contiguous; third follows after a 5 s outage. 60 frames = 2.4 s each.
    first = TsFixtures.chunk(dir.resolve("1.ts"), "cam", T0, 60);
    second = TsFixtures.chunk(dir.resolve("2.ts"), "cam", T0 + 2_400, 60);
    third = TsFixtures.chunk(dir.resolve("3.ts"), "cam", T0 + 9_800, 60);
  }

  @Test
  void exportFromTheKeyframeBeforeFromUntilToClosesTheGapAndKeepsEveryFrame() throws Exception {
    Path mp4 = dir.resolve("export.mp4");
    try (OutputStream out = Files.newOutputStream(mp4)) {
      // from 1.2 s into the first chunk (its keyframe at 1.0 s) to 1.0 s into the third chunk
      Mp4Export.write(List.of(third, first, second), T0 + 1_200, T0 + 10_800, out, LOCAL);
    }
    byte[] head = Arrays.copyOf(Files.readAllBytes(mp4), 64);
    assertTrue(new String(head, StandardCharsets.ISO_8859_1).contains("ftyp"), "starts with an ftyp box");
    assertTrue(contains(Files.readAllBytes(mp4), "moof"), "fragmented (has moof boxes)");

    Decoded decoded = decode(mp4);
    // frames 25..59 of the first chunk, all 60 of the second, 0..24 of the third
    assertEquals(35 + 60 + 25, decoded.frames);
    // 1.4 s + 2.4 s + 1.0 s of video, gap closed; the last frame starts one frame before the end
    assertEquals(4_800 - TsFixtures.FRAME_MS, decoded.lastTimestampMs - decoded.firstTimestampMs, 2 * TsFixtures.FRAME_MS);
  }

  @Test
  void exportInsideOneChunkStartsAtItsKeyframe() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Mp4Export.write(List.of(first, second, third), T0 + 2_400 + 1_000, T0 + 2_400 + 2_000, out, LOCAL);
    Path mp4 = dir.resolve("inner.mp4");
    Files.write(mp4, out.toByteArray());
    assertEquals(25, decode(mp4).frames);
  }

  @Test
  void missingChunkFileFailsWithItsPathBeforeWritingAnything() throws Exception {
    Files.delete(Path.of(second.path()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    IOException error = assertThrows(IOException.class, () -> Mp4Export.write(List.of(first, second), T0, T0 + 4_800, out, LOCAL));
    assertTrue(error.getMessage().contains(second.path()), error.getMessage());
    assertEquals(0, out.size());
  }

  @Test
  void spanWithoutRecordingFails() {
    IOException error = assertThrows(IOException.class,
        () -> Mp4Export.write(List.of(first, second), T0 + 5_000, T0 + 9_000, new ByteArrayOutputStream(), LOCAL));
    assertTrue(error.getMessage().contains("no recorded video"), error.getMessage());
  }

  record Decoded(int frames, long firstTimestampMs, long lastTimestampMs) {}

  static Decoded decode(Path mp4) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4.toFile())) {
      grabber.start();
      assertTrue(grabber.getVideoStream() >= 0, "has a video stream");
      int frames = 0;
      long firstUs = -1;
      long lastUs = -1;
      Frame frame;
      while ((frame = grabber.grabImage()) != null) {
        if (firstUs < 0) {
          firstUs = frame.timestamp;
        }
        lastUs = frame.timestamp;
        frames++;
      }
      return new Decoded(frames, firstUs / 1000, lastUs / 1000);
    }
  }

  private static boolean contains(byte[] data, String ascii) {
    return new String(data, StandardCharsets.ISO_8859_1).contains(ascii);
  }
}

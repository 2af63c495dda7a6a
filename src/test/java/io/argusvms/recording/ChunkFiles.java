package io.argusvms.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.KeyframeEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** Checks of recorded chunks shared by the recording tests. */
final class ChunkFiles {

  private ChunkFiles() {}

  /** Sealed chunks: laid out by day and start, sized as reported, indexed at PATs, contiguous. */
  static void assertWellFormed(Path cameraDir, String cameraId, List<ChunkRecord> sealed) throws Exception {
    for (ChunkRecord c : sealed) {
      Path file = Path.of(c.path());
      String day = Instant.ofEpochMilli(c.startMs()).atZone(ZoneOffset.UTC).toLocalDate().toString();
      assertEquals(cameraDir.resolve(day).resolve(c.startMs() + ".ts").toAbsolutePath(), file);
      assertEquals(cameraId, c.cameraId());
      assertTrue(Files.isRegularFile(file), "chunk file exists: " + file);
      assertEquals(Files.size(file), c.sizeBytes(), "sealed size is the file size");
      assertEquals(0, c.sizeBytes() % TsPackets.PACKET_SIZE, "whole TS packets");
      assertTrue(c.endMs() > c.startMs(), "chunk has a duration: " + c);
      assertFalse(c.keyframes().isEmpty(), "keyframe index: " + c);
      KeyframeEntry first = c.keyframes().get(0);
      assertEquals(new KeyframeEntry(c.startMs(), 0), first, "first keyframe at start, offset 0");
      long lastTime = -1;
      long lastOffset = -1;
      for (KeyframeEntry k : c.keyframes()) {
        assertTrue(k.timeMs() > lastTime && k.byteOffset() > lastOffset, "index ordered: " + c);
        assertTrue(k.timeMs() >= c.startMs() && k.timeMs() < c.endMs(), "keyframe inside chunk");
        if (k.byteOffset() > 0) {
          assertEquals(0, TsPackets.pidAt(file, k.byteOffset()), "PAT at keyframe offset " + k);
        } else {
          // the file's start: the muxer opens with its SDT (PID 0x11), then PAT and PMT
          assertEquals(0x11, TsPackets.pidAt(file, 0), "SDT opens the file");
          assertEquals(0, TsPackets.pidAt(file, TsPackets.PACKET_SIZE), "then the PAT");
        }
        lastTime = k.timeMs();
        lastOffset = k.byteOffset();
      }
      int pictures = assertStartsWithKeyframeAndDecodes(file);
      // a loose floor (10 fps) that still catches a chunk that lost most of its frames
      assertTrue(pictures >= Math.max(1, c.durationMs() / 100),
          pictures + " pictures decode from " + c.durationMs() + " ms in " + file);
    }
    for (int i = 1; i < sealed.size(); i++) {
      assertEquals(sealed.get(i - 1).endMs(), sealed.get(i).startMs(),
          "chunk " + i + " starts where the previous ends");
    }
  }

  /**
   * FFmpeg reads the file: its first video packet is a keyframe and the first picture decodes as
   * one. Returns how many pictures decode from the whole file.
   */
  static int assertStartsWithKeyframeAndDecodes(Path file) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      assertTrue(grabber.getImageWidth() > 0, "video stream in " + file);
      AVPacket packet = grabber.grabPacket();
      assertTrue(packet != null && (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0,
          "first packet is a keyframe: " + file);
      avcodec.av_packet_unref(packet);
    }
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      int images = 0;
      Frame frame;
      while ((frame = grabber.grabImage()) != null) {
        if (images == 0) {
          assertTrue(frame.keyFrame, "first decoded picture is a keyframe: " + file);
        }
        images++;
      }
      assertTrue(images > 0, "pictures decode from " + file);
      return images;
    }
  }
}

package io.argusvms.playback;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.KeyframeEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Real MPEG-TS chunk files for tests: H.264 encoded by the bundled FFmpeg, indexed like the recorder does. */
final class TsFixtures {
  static final int FPS = 25;
  static final int GOP = 25;
  static final long FRAME_MS = 1000 / FPS;
  private static final int WIDTH = 160;
  private static final int HEIGHT = 120;
  private static final int TS_PACKET = 188;

  private TsFixtures() {}

  /** Encodes {@code frames} frames into {@code file} and returns its catalog record. */
  static ChunkRecord chunk(Path file, String cameraId, long startMs, int frames) throws IOException {
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT, 0)) {
      recorder.setFormat("mpegts");
      recorder.setVideoCodec(AV_CODEC_ID_H264);
      recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(FPS);
      recorder.setGopSize(GOP);
      recorder.setVideoBitrate(200_000);
      recorder.start();
      Frame frame = new Frame(WIDTH, HEIGHT, Frame.DEPTH_UBYTE, 3);
      for (int n = 0; n < frames; n++) {
        draw(frame, n);
        recorder.record(frame);
      }
      recorder.stop();
    }
    List<Long> offsets = keyframeOffsets(Files.readAllBytes(file));
    List<KeyframeEntry> keyframes = new ArrayList<>();
    for (int i = 0; i < offsets.size(); i++) {
      keyframes.add(new KeyframeEntry(startMs + i * GOP * FRAME_MS, offsets.get(i)));
    }
    return new ChunkRecord(cameraId, startMs, startMs + frames * FRAME_MS, file.toString(), Files.size(file), keyframes, true);
  }

  /** A moving diagonal gradient, so frames differ and the encoder emits real P-frames. */
  private static void draw(Frame frame, int n) {
    ByteBuffer pixels = (ByteBuffer) frame.image[0];
    int stride = frame.imageStride;
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int i = y * stride + x * 3;
        pixels.put(i, (byte) (x + n * 4));
        pixels.put(i + 1, (byte) (y + n * 2));
        pixels.put(i + 2, (byte) (x + y));
      }
    }
  }

  /**
   * Offsets of the PAT packets (PID 0) that precede video keyframes. A keyframe is the start of a
   * PES (payload_unit_start) whose adaptation field has random_access_indicator set, which FFmpeg's
   * muxer sets on keyframes; it also rewrites PAT/PMT just before each keyframe.
   */
  static List<Long> keyframeOffsets(byte[] ts) {
    List<Long> offsets = new ArrayList<>();
    long lastPat = -1;
    for (int at = 0; at + TS_PACKET <= ts.length; at += TS_PACKET) {
      if (ts[at] != 0x47) {
        throw new IllegalStateException("lost TS sync at " + at);
      }
      int pid = ((ts[at + 1] & 0x1f) << 8) | (ts[at + 2] & 0xff);
      boolean payloadStart = (ts[at + 1] & 0x40) != 0;
      int adaptation = (ts[at + 3] >> 4) & 0x3;
      if (pid == 0) {
        lastPat = at;
      } else if (payloadStart && (adaptation & 0x2) != 0 && (ts[at + 4] & 0xff) > 0 && (ts[at + 5] & 0x40) != 0) {
        if (lastPat < 0) {
          throw new IllegalStateException("keyframe at " + at + " without a PAT before it");
        }
        if (offsets.isEmpty() || offsets.get(offsets.size() - 1) != lastPat) {
          offsets.add(lastPat);
        }
      }
    }
    if (!offsets.isEmpty()) {
      offsets.set(0, 0L); // the file's header (SDT, PAT, PMT) belongs to the first segment, as the catalog says
    }
    return offsets;
  }
}

package io.argusvms.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Real MPEG-TS files for the scanner and recovery tests, encoded with JavaCV's FFmpeg. */
final class TsFixtures {
  static final int FPS = 25;
  static final int GOP = 25;

  private TsFixtures() {}

  /** H.264 in MPEG-TS, {@code frames} frames at 25 fps, a keyframe every 25 frames. */
  static Path h264Ts(Path file, int frames) throws IOException {
    return h264Ts(file, frames, false);
  }

  /** As {@link #h264Ts(Path, int)}, with an AAC audio track (a tone) when {@code withAudio}. */
  static Path h264Ts(Path file, int frames, boolean withAudio) throws IOException {
    Files.createDirectories(file.getParent());
    int width = 160;
    int height = 120;
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
      recorder.setFormat("mpegts");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(FPS);
      recorder.setGopSize(GOP);
      recorder.setVideoBitrate(400_000);
      if (withAudio) {
        recorder.setAudioChannels(1);
        recorder.setSampleRate(48_000);
        recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
        recorder.setAudioBitrate(64_000);
      }
      recorder.start();
      int samplesPerFrame = 48_000 / FPS;
      Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
      ByteBuffer pixels = (ByteBuffer) frame.image[0];
      int stride = frame.imageStride;
      for (int i = 0; i < frames; i++) {
        // A moving gradient: every frame differs, so P-frames carry data.
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            int at = y * stride + x * 3;
            pixels.put(at, (byte) (x + i * 4));
            pixels.put(at + 1, (byte) (y * 2 + i));
            pixels.put(at + 2, (byte) ((x ^ y) + i * 8));
          }
        }
        recorder.record(frame);
        if (withAudio) {
          java.nio.ShortBuffer tone = java.nio.ShortBuffer.allocate(samplesPerFrame);
          for (int n = 0; n < samplesPerFrame; n++) {
            double t = (i * samplesPerFrame + n) / 48_000.0;
            tone.put(n, (short) (8000 * Math.sin(2 * Math.PI * 440 * t)));
          }
          recorder.recordSamples(48_000, 1, tone);
        }
      }
      recorder.stop();
    }
    return file;
  }

  /** Clears every adaptation field's random_access_indicator, as some muxers never set it. */
  static void clearRandomAccessFlags(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    for (int p = 0; p + TsScanner.PACKET_SIZE <= bytes.length; p += TsScanner.PACKET_SIZE) {
      boolean hasAdaptation = ((bytes[p + 3] >> 4) & 0x2) != 0;
      if (hasAdaptation && (bytes[p + 4] & 0xFF) > 0) {
        bytes[p + 5] &= ~0x40;
      }
    }
    Files.write(file, bytes);
  }

  /**
   * Adds {@code shift} (mod 2^33) to the PTS and DTS of every PES, so a test can put the 33-bit
   * wrap in the middle of a real file.
   */
  static void shiftTimestamps(Path file, long shift) throws IOException {
    byte[] b = Files.readAllBytes(file);
    for (int p = 0; p + TsScanner.PACKET_SIZE <= b.length; p += TsScanner.PACKET_SIZE) {
      boolean unitStart = (b[p + 1] & 0x40) != 0;
      int pid = ((b[p + 1] & 0x1F) << 8) | (b[p + 2] & 0xFF);
      int adaptation = (b[p + 3] >> 4) & 0x3;
      int payload = p + 4 + ((adaptation & 0x2) != 0 ? 1 + (b[p + 4] & 0xFF) : 0);
      if (!unitStart || pid == 0 || (adaptation & 0x1) == 0
          || b[payload] != 0 || b[payload + 1] != 0 || b[payload + 2] != 1) {
        continue;
      }
      int flags = (b[payload + 7] & 0xFF) >> 6;
      if ((flags & 0x2) != 0) {
        shiftTimestampAt(b, payload + 9, shift);
      }
      if (flags == 0x3) {
        shiftTimestampAt(b, payload + 14, shift);
      }
    }
    Files.write(file, b);
  }

  private static void shiftTimestampAt(byte[] b, int i, long shift) {
    long ts = ((long) ((b[i] >> 1) & 0x07) << 30)
        | ((long) (b[i + 1] & 0xFF) << 22)
        | ((long) ((b[i + 2] & 0xFF) >> 1) << 15)
        | ((long) (b[i + 3] & 0xFF) << 7)
        | ((b[i + 4] & 0xFF) >> 1);
    long v = Math.floorMod(ts + shift, 1L << 33);
    b[i] = (byte) ((b[i] & 0xF1) | (int) ((v >> 29) & 0x0E));
    b[i + 1] = (byte) (v >> 22);
    b[i + 2] = (byte) ((int) ((v >> 14) & 0xFE) | 1);
    b[i + 3] = (byte) (v >> 7);
    b[i + 4] = (byte) ((int) ((v << 1) & 0xFE) | 1);
  }
}

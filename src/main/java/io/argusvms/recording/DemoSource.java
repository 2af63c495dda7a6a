package io.argusvms.recording;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * The built-in {@code demo://} camera: frames drawn in Java ({@link DemoPicture}), paced in real
 * time, encoded to H.264 by the encoder bundled in JavaCV's FFmpeg build. That build (1.5.13, LGPL
 * flavour) has {@code libopenh264}, not {@code libx264}; {@code lavfi} is absent. Packets come
 * out of {@link #read()} exactly like RTSP packets, so the same chunk writer records them.
 */
final class DemoSource implements PacketSource {

  static final int WIDTH = DemoOptions.DEFAULT.width();
  static final int HEIGHT = DemoOptions.DEFAULT.height();
  static final int FPS = DemoOptions.DEFAULT.fps();
  private static final int EAGAIN = -11;

  private final BooleanSupplier stopRequested;
  private final boolean paced;
  private final int width;
  private final int height;
  private final int fps;
  private final int bitRate;
  private final DemoPicture picture;
  private final AVRational timeBase;
  private AVCodecContext encoder;
  private AVFrame frame;
  private final AVPacket packet = av_packet_alloc();
  private final AVCodecParameters parameters = avcodec_parameters_alloc();
  private final StreamInfo video;
  private final long startNanos = System.nanoTime();
  private long frameNumber;

  private DemoSource(BooleanSupplier stopRequested, boolean paced, DemoOptions options) throws SourceException {
    this.stopRequested = stopRequested;
    this.paced = paced;
    this.width = options.width();
    this.height = options.height();
    this.fps = options.fps();
    this.bitRate = options.bitRate();
    this.picture = new DemoPicture(width, height);
    this.timeBase = new AVRational().num(1).den(fps);
    openEncoder();
    this.video = new StreamInfo(0, parameters, timeBase);
  }

  /** The default demo camera paced in real time (25 frames per second of wall clock). */
  static DemoSource open(BooleanSupplier stopRequested) throws SourceException {
    return new DemoSource(stopRequested, true, DemoOptions.DEFAULT);
  }

  /**
   * A demo camera paced in real time, sized by its URL's query ({@link DemoOptions}).
   *
   * @throws SourceException when a parameter is unknown or out of range (the reason says which)
   */
  static DemoSource open(CameraUrl url, BooleanSupplier stopRequested) throws SourceException {
    DemoOptions options;
    try {
      options = DemoOptions.parse(url.query());
    } catch (IllegalArgumentException e) {
      throw new SourceException(e.getMessage());
    }
    return new DemoSource(stopRequested, true, options);
  }

  /** Frames as fast as they encode, for tests that feed a writer with their own clock. */
  static DemoSource unpaced() throws SourceException {
    return unpaced(DemoOptions.DEFAULT);
  }

  static DemoSource unpaced(DemoOptions options) throws SourceException {
    return new DemoSource(() -> false, false, options);
  }

  /** The H.264 encoder this FFmpeg build offers: libopenh264 if present, else any. */
  static String encoderName() {
    AVCodec codec = findEncoder();
    return codec == null ? null : codec.name().getString();
  }

  private static AVCodec findEncoder() {
    AVCodec codec = avcodec_find_encoder_by_name("libopenh264");
    return codec != null && !codec.isNull() ? codec : avcodec_find_encoder(AV_CODEC_ID_H264);
  }

  private void openEncoder() throws SourceException {
    AVCodec codec = findEncoder();
    if (codec == null || codec.isNull()) {
      throw new SourceException("demo camera: no H.264 encoder in this FFmpeg build");
    }
    encoder = avcodec_alloc_context3(codec);
    encoder.width(width).height(height).pix_fmt(AV_PIX_FMT_YUV420P);
    encoder.time_base(timeBase);
    encoder.framerate(new AVRational().num(fps).den(1));
    encoder.gop_size(fps); // a keyframe every second, like a camera set up for recording
    encoder.max_b_frames(0);
    encoder.bit_rate(bitRate);
    int rc = avcodec_open2(encoder, codec, (AVDictionary) null);
    if (rc < 0) {
      close();
      throw new SourceException("demo camera: cannot open encoder: " + FfmpegErrors.describe(rc));
    }
    avcodec_parameters_from_context(parameters, encoder);
    frame = av_frame_alloc();
    frame.format(AV_PIX_FMT_YUV420P).width(width).height(height);
    av_frame_get_buffer(frame, 0);
  }

  @Override
  public StreamInfo video() {
    return video;
  }

  @Override
  public AVPacket read() throws IOException {
    while (true) {
      int rc = avcodec_receive_packet(encoder, packet);
      if (rc == 0) {
        return packet;
      }
      if (rc != EAGAIN) {
        throw new SourceException("demo camera: encoder failed: " + FfmpegErrors.describe(rc));
      }
      waitForFrameTime();
      encodeNextFrame();
    }
  }

  /** Paces frames in real time, like a camera; returns early (with an error) on stop. */
  private void waitForFrameTime() throws SourceException {
    long due = startNanos + TimeUnit.SECONDS.toNanos(frameNumber) / fps;
    while (true) {
      if (stopRequested.getAsBoolean()) {
        throw new SourceException("stopped");
      }
      long wait = due - System.nanoTime();
      if (wait <= 0 || !paced) {
        return;
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SourceException("stopped");
      }
    }
  }

  private void encodeNextFrame() throws SourceException {
    picture.draw(frameNumber, System.currentTimeMillis());
    av_frame_make_writable(frame);
    copyPlane(picture.y, width, height, frame.data(0), frame.linesize(0));
    copyPlane(picture.u, width / 2, height / 2, frame.data(1), frame.linesize(1));
    copyPlane(picture.v, width / 2, height / 2, frame.data(2), frame.linesize(2));
    frame.pts(frameNumber++);
    int rc = avcodec_send_frame(encoder, frame);
    if (rc < 0) {
      throw new SourceException("demo camera: encoder refused a frame: " + FfmpegErrors.describe(rc));
    }
  }

  private static void copyPlane(byte[] src, int width, int height, BytePointer dst, int linesize) {
    for (int row = 0; row < height; row++) {
      dst.position((long) row * linesize).put(src, row * width, width);
    }
    dst.position(0);
  }

  @Override
  public void close() {
    if (frame != null) {
      av_frame_free(frame);
      frame = null;
    }
    if (encoder != null) {
      avcodec_free_context(encoder);
      encoder = null;
    }
    av_packet_free(packet);
    avcodec_parameters_free(parameters);
  }
}

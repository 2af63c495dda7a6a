package io.argusvms.recording;

import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * An RTSP camera read with FFmpeg's demuxer (the same libavformat JavaCV's
 * {@code FFmpegFrameGrabber} wraps): packets are copied out as they arrive, never decoded.
 *
 * <p>Why not {@code FFmpegFrameGrabber} itself: it offers no interrupt callback, so a session
 * blocked in connect or read could only wait out the socket timeout. Here an
 * {@link AVIOInterruptCB} aborts any blocking call when the session is stopped or when its own
 * deadline passes, so a dead camera never holds a thread and stop() returns at once.
 */
final class RtspSource implements PacketSource {

  private final String where; // redacted URL for messages
  private final long timeoutNanos;
  private final BooleanSupplier stopRequested;
  private final Interrupter interrupter = new Interrupter();
  private AVFormatContext context;
  private final AVPacket packet = avcodec.av_packet_alloc();
  private StreamInfo video;

  private RtspSource(String where, Duration socketTimeout, BooleanSupplier stopRequested) {
    this.where = where;
    this.timeoutNanos = socketTimeout.toNanos();
    this.stopRequested = stopRequested;
  }

  /**
   * Connects, asks for the stream over TCP and finds its video stream.
   *
   * @param stopRequested polled while blocked; true aborts the open promptly
   * @throws SourceException with the reason (refused, timeout, 401, 404, no video, ...)
   */
  static RtspSource open(CameraUrl url, String username, String password, Duration socketTimeout,
      BooleanSupplier stopRequested) throws SourceException {
    RtspSource source = new RtspSource(url.redacted(), socketTimeout, stopRequested);
    try {
      source.connect(url.withCredentials(username, password), socketTimeout);
      return source;
    } catch (SourceException | RuntimeException e) {
      source.close();
      throw e;
    }
  }

  private void connect(String secretUrl, Duration socketTimeout) throws SourceException {
    context = avformat_alloc_context();
    AVIOInterruptCB cb = context.interrupt_callback();
    cb.callback(interrupter);
    AVDictionary options = new AVDictionary(null);
    // TCP: no packet loss, and one socket a timeout can watch.
    av_dict_set(options, "rtsp_transport", "tcp", 0);
    // FFmpeg 5+ name of the RTSP socket timeout, in microseconds (was "stimeout").
    av_dict_set(options, "timeout", Long.toString(socketTimeout.toNanos() / 1000), 0);
    // Live streams carry their parameters in the SDP and in-band: a short probe is enough.
    av_dict_set(options, "analyzeduration", "1000000", 0);
    av_dict_set(options, "probesize", "500000", 0);
    armDeadline();
    int rc = avformat_open_input(context, secretUrl, null, options);
    av_dict_free(options);
    if (rc < 0) {
      context = null; // freed by avformat_open_input on failure
      throw new SourceException(interruptReason("connect").orElse(FfmpegErrors.openFailure(where, rc)));
    }
    armDeadline();
    rc = avformat_find_stream_info(context, (PointerPointer<?>) null);
    if (rc < 0) {
      throw new SourceException(interruptReason("read stream info")
          .orElse("cannot read stream info: " + where + ": " + FfmpegErrors.describe(rc)));
    }
    for (int i = 0; i < context.nb_streams(); i++) {
      AVStream st = context.streams(i);
      if (st.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
        video = new StreamInfo(i, st.codecpar(), st.time_base());
        return;
      }
    }
    throw new SourceException("stream has no video: " + where);
  }

  @Override
  public StreamInfo video() {
    return video;
  }

  @Override
  public AVPacket read() throws IOException {
    armDeadline();
    int rc = av_read_frame(context, packet);
    if (rc < 0) {
      throw new SourceException(interruptReason("read").orElse(FfmpegErrors.readFailure(where, rc)));
    }
    return packet;
  }

  private void armDeadline() {
    interrupter.deadline = System.nanoTime() + timeoutNanos;
  }

  /** If the last call was aborted by the interrupter, why. */
  private Optional<String> interruptReason(String phase) {
    if (!interrupter.fired) {
      return Optional.empty();
    }
    interrupter.fired = false;
    if (stopRequested.getAsBoolean()) {
      return Optional.of("stopped");
    }
    long millis = Duration.ofNanos(timeoutNanos).toMillis();
    return Optional.of("read".equals(phase)
        ? "stream stalled: no packet for " + millis + " ms: " + where
        : "camera did not answer within " + millis + " ms (" + phase + "): " + where);
  }

  @Override
  public void close() {
    if (context != null) {
      avformat_close_input(context);
      context = null;
    }
    avcodec.av_packet_free(packet);
    interrupter.close();
  }

  /** Called by FFmpeg inside blocking calls on this thread: non-zero aborts the call. */
  private final class Interrupter extends AVIOInterruptCB.Callback_Pointer {
    volatile long deadline = Long.MAX_VALUE;
    volatile boolean fired;

    @Override
    public int call(Pointer opaque) {
      if (stopRequested.getAsBoolean() || System.nanoTime() - deadline > 0) {
        fired = true;
        return 1;
      }
      return 0;
    }
  }
}

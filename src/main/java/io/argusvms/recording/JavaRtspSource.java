package io.argusvms.recording;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import io.argusvms.recording.rtsp.H264Depacketizer;
import io.argusvms.recording.rtsp.ReorderDetector;
import io.argusvms.recording.rtsp.RtpClock;
import io.argusvms.recording.rtsp.RtspConnection;
import io.argusvms.recording.rtsp.RtspException;
import io.argusvms.recording.rtsp.RtspResponse;
import io.argusvms.recording.rtsp.Sdp;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * An H.264 RTSP camera read by Argus itself: RTP interleaved on the RTSP connection (TCP), the
 * video track only, depacketized into access units ({@link H264Depacketizer}) and handed on as
 * FFmpeg packets, so the rest of the pipeline is the same as with {@link RtspSource}.
 *
 * <p>Why: reading in batches ({@link RtspConnection}) costs a fraction of the system calls of
 * FFmpeg's reader, which wakes for every RTP packet; and a camera's audio track is not even set
 * up. What it does not read (another codec, a stream with B-frames, a camera that will not
 * interleave) it says with {@link Unsupported}, and {@link RtspSources} opens FFmpeg's reader.
 */
final class JavaRtspSource implements PacketSource {

  /** This reader does not read the stream; FFmpeg's may. */
  static final class Unsupported extends SourceException {
    Unsupported(String reason) {
      super(reason);
    }
  }

  private static final long REQUEST_TIMEOUT_CAP_MS = 10_000;

  private final String where;
  private final long socketTimeoutMs;
  private final LongSupplier batchMs;
  private final RtspConnection connection;
  private final AVPacket packet = av_packet_alloc();
  private final AVCodecParameters parameters = avcodec_parameters_alloc();
  private final H264Depacketizer depacketizer;
  private StreamInfo video;
  private String playUrl;
  private int videoChannel;
  private String keepAliveMethod = "OPTIONS";
  private long keepAliveNanos;
  private long lastKeepAlive = System.nanoTime();

  // Access units the depacketizer finished: the first in the packet, a second (a packet can end
  // two) kept until the next read.
  private boolean ready;
  private byte[] spare;
  private long sparePts;
  private boolean spareKey;
  private ReorderDetector reorder;
  private RtpClock clock;
  private SourceException failure; // found while depacketizing; thrown by read()

  private JavaRtspSource(String where, long socketTimeoutMs, LongSupplier batchMs, RtspConnection connection) {
    this.where = where;
    this.socketTimeoutMs = socketTimeoutMs;
    this.batchMs = batchMs;
    this.connection = connection;
    this.depacketizer = new H264Depacketizer(this::accessUnit);
  }

  /**
   * Connects, describes, sets up the video track over TCP and plays.
   *
   * @throws Unsupported when the stream is one for FFmpeg's reader
   * @throws SourceException with the reason (refused, timeout, 401, 404, no video, ...)
   */
  static JavaRtspSource open(CameraUrl url, String username, String password, Duration socketTimeout,
      LongSupplier batchMs, BooleanSupplier stopRequested) throws SourceException {
    String where = url.redacted();
    long timeoutMs = socketTimeout.toMillis();
    String user = username != null && !username.isEmpty() ? username : url.username();
    String pass = username != null && !username.isEmpty() ? password : url.password();
    RtspConnection c;
    try {
      c = RtspConnection.open(url.host(), url.port(), timeoutMs, stopRequested, user, pass == null ? "" : pass);
    } catch (RtspException e) {
      throw new SourceException(RtspReasons.of(e, "connect", where, timeoutMs));
    }
    JavaRtspSource source = new JavaRtspSource(where, timeoutMs, batchMs, c);
    try {
      source.start(url.url(), Math.min(timeoutMs, REQUEST_TIMEOUT_CAP_MS));
      return source;
    } catch (SourceException | RuntimeException e) {
      source.close();
      throw e;
    }
  }

  private void start(String url, long timeoutMs) throws SourceException {
    String phase = "options";
    try {
      RtspResponse options = connection.request("OPTIONS", url, Map.of(), timeoutMs);
      String methods = options.header("public");
      if (methods != null && methods.contains("GET_PARAMETER")) keepAliveMethod = "GET_PARAMETER";
      phase = "describe";
      RtspResponse describe = connection.request("DESCRIBE", url, Map.of("Accept", "application/sdp"), timeoutMs);
      String base = describe.header("content-base");
      if (base == null) base = describe.header("content-location");
      if (base == null) base = url;
      Sdp sdp = Sdp.parse(describe.bodyText());
      Sdp.Media media = sdp.firstVideo().orElseThrow(() -> new SourceException("stream has no video: " + where));
      if (!media.encoding().equals("H264")) {
        throw new Unsupported("video is " + media.encoding() + ", read by FFmpeg: " + where);
      }
      String mode = media.fmtp().getOrDefault("packetization-mode", "0");
      if (!mode.equals("0") && !mode.equals("1")) {
        throw new Unsupported("H.264 packetization-mode " + mode + ", read by FFmpeg: " + where);
      }
      depacketizer.parameterSets(media.fmtp().get("sprop-parameter-sets"));
      phase = "setup";
      RtspResponse setup = connection.request("SETUP", Sdp.resolve(base, media.control()),
          Map.of("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"), timeoutMs);
      videoChannel = interleavedChannel(setup.headerParam("transport", "interleaved"));
      keepAliveNanos = RtspConnection.sessionTimeoutSeconds(setup) * 1_000_000_000L / 2;
      phase = "play";
      playUrl = Sdp.resolve(base, sdp.sessionControl());
      connection.request("PLAY", playUrl, Map.of("Range", "npt=0.000-"), timeoutMs);
      int clockRate = Math.max(1, media.clockRate());
      video = new StreamInfo(0, codecParameters(), new AVRational().num(1).den(clockRate));
      reorder = new ReorderDetector(clockRate);
      clock = new RtpClock(clockRate);
    } catch (RtspException e) {
      if (e.kind() == RtspException.Kind.STATUS && e.status() == 461) {
        throw new Unsupported("camera will not interleave RTP on TCP (461), read by FFmpeg: " + where);
      }
      throw new SourceException(RtspReasons.of(e, phase, where, timeoutMs));
    }
  }

  /** The RTP channel of {@code interleaved=a-b} (a), or 0, the one asked for. */
  private static int interleavedChannel(String channels) {
    try {
      return channels == null ? 0 : Integer.parseInt(channels.split("-")[0].trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private AVCodecParameters codecParameters() {
    parameters.codec_type(AVMEDIA_TYPE_VIDEO);
    parameters.codec_id(AV_CODEC_ID_H264);
    byte[] extradata = depacketizer.extradata();
    if (extradata.length > 0) {
      BytePointer p = new BytePointer(av_mallocz(extradata.length + AV_INPUT_BUFFER_PADDING_SIZE));
      p.capacity(extradata.length).put(extradata);
      parameters.extradata(p);
      parameters.extradata_size(extradata.length);
    }
    return parameters;
  }

  @Override
  public StreamInfo video() {
    return video;
  }

  @Override
  public AVPacket read() throws IOException {
    if (spare != null) {
      byte[] s = spare;
      spare = null;
      fill(s, s.length, sparePts, spareKey);
      return packet;
    }
    try {
      while (true) {
        int channel = connection.nextFrame(socketTimeoutMs, batchMs.getAsLong());
        if (channel == videoChannel) rtp(connection.buffer(), connection.frameOffset(), connection.frameLength());
        if (ready) {
          ready = false;
          return packet;
        }
        keepAlive();
      }
    } catch (RtspException e) {
      throw new SourceException(RtspReasons.of(e, "read", where, socketTimeoutMs));
    }
  }

  /** An RTP packet (RFC 3550 5.1): header, CSRCs, extension and padding off, payload on. */
  private void rtp(byte[] b, int off, int len) throws SourceException {
    if (len < 12 || (b[off] & 0xc0) != 0x80) return; // not RTP version 2: skip it
    int csrcs = b[off] & 0x0f;
    boolean extension = (b[off] & 0x10) != 0;
    boolean padding = (b[off] & 0x20) != 0;
    boolean marker = (b[off + 1] & 0x80) != 0;
    int seq = ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    long ts = ((long) (b[off + 4] & 0xff) << 24) | ((b[off + 5] & 0xff) << 16) | ((b[off + 6] & 0xff) << 8)
        | (b[off + 7] & 0xff);
    int start = off + 12 + 4 * csrcs;
    int end = off + len;
    if (extension) {
      if (start + 4 > end) return;
      start += 4 + 4 * (((b[start + 2] & 0xff) << 8) | (b[start + 3] & 0xff));
    }
    if (padding && end > start) end -= b[end - 1] & 0xff;
    if (start > end) return;
    depacketizer.packet(b, start, end - start, seq, ts, marker);
    if (failure != null) throw failure;
  }

  private void accessUnit(byte[] data, int length, long rtpTime, boolean keyframe) {
    if (reorder.reordered(rtpTime, keyframe)) {
      failure = new Unsupported("stream has B-frames, read by FFmpeg: " + where);
      return;
    }
    long pts = clock.next(rtpTime, System.currentTimeMillis());
    if (ready) {
      spare = java.util.Arrays.copyOf(data, length);
      sparePts = pts;
      spareKey = keyframe;
      return;
    }
    fill(data, length, pts, keyframe);
    ready = true;
  }

  private void fill(byte[] data, int length, long pts, boolean keyframe) {
    av_new_packet(packet, length);
    packet.data().capacity(length).put(data, 0, length);
    packet.pts(pts).dts(pts).stream_index(0).flags(keyframe ? AV_PKT_FLAG_KEY : 0);
  }

  private void keepAlive() throws RtspException {
    if (System.nanoTime() - lastKeepAlive < keepAliveNanos) return;
    lastKeepAlive = System.nanoTime();
    connection.send(keepAliveMethod, playUrl);
  }

  @Override
  public void close() {
    try {
      if (playUrl != null) connection.send("TEARDOWN", playUrl);
    } catch (RtspException ignored) {
      // the camera is gone anyway
    }
    connection.close();
    av_packet_free(packet);
    avcodec_parameters_free(parameters);
  }
}

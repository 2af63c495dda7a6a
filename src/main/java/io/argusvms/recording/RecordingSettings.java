package io.argusvms.recording;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code argus.recording} section of the configuration, read once at start.
 *
 * @param chunkDuration target length of a chunk file; cut at the first keyframe after it
 * @param flushInterval written packets reach the file and the sink at least this often
 * @param socketTimeout a camera that does not answer (connect or read) for this long is an error
 * @param reconnectMin first wait after a stream error
 * @param reconnectMax the wait doubles up to this
 * @param rtspReader who reads RTSP cameras: Argus's own reader ({@link JavaRtspSource}, FFmpeg's for
 *     what it does not read) or FFmpeg's always
 * @param readBatch how long Argus's reader lets packets gather between reads
 */
public record RecordingSettings(
    Duration chunkDuration,
    Duration flushInterval,
    Duration socketTimeout,
    Duration reconnectMin,
    Duration reconnectMax,
    RtspReader rtspReader,
    Duration readBatch) {

  /** Who reads an RTSP camera. */
  public enum RtspReader { ARGUS, FFMPEG }

  /** Argus's reader, reading every 20 ms. */
  public RecordingSettings(Duration chunkDuration, Duration flushInterval, Duration socketTimeout,
      Duration reconnectMin, Duration reconnectMax) {
    this(chunkDuration, flushInterval, socketTimeout, reconnectMin, reconnectMax, RtspReader.ARGUS,
        Duration.ofMillis(20));
  }

  public RecordingSettings {
    if (chunkDuration.isNegative() || chunkDuration.isZero()) {
      throw new IllegalArgumentException("chunk-duration must be positive");
    }
    if (socketTimeout.isNegative() || socketTimeout.isZero()) {
      throw new IllegalArgumentException("socket-timeout must be positive");
    }
    if (reconnectMax.compareTo(reconnectMin) < 0) {
      throw new IllegalArgumentException("reconnect-max must not be below reconnect-min");
    }
    if (readBatch.isNegative() || readBatch.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("read-batch must be between 0 and 1s");
    }
  }

  /** Reads the {@code argus.recording} section (pass that section, not the root config). */
  public static RecordingSettings create(Config argusRecordingSection) {
    Config c = argusRecordingSection;
    return new RecordingSettings(
        c.getDuration("chunk-duration"),
        c.getDuration("flush-interval"),
        c.getDuration("socket-timeout"),
        c.getDuration("reconnect-min"),
        c.getDuration("reconnect-max"),
        c.hasPath("rtsp-reader") ? reader(c.getString("rtsp-reader")) : RtspReader.ARGUS,
        c.hasPath("read-batch") ? c.getDuration("read-batch") : Duration.ofMillis(20));
  }

  private static RtspReader reader(String name) {
    for (RtspReader r : RtspReader.values()) if (r.name().equalsIgnoreCase(name)) return r;
    throw new IllegalArgumentException("rtsp-reader must be argus or ffmpeg, not " + name);
  }
}

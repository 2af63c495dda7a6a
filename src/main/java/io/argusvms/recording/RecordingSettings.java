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
 */
public record RecordingSettings(
    Duration chunkDuration,
    Duration flushInterval,
    Duration socketTimeout,
    Duration reconnectMin,
    Duration reconnectMax) {

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
  }

  /** Reads the {@code argus.recording} section (pass that section, not the root config). */
  public static RecordingSettings create(Config argusRecordingSection) {
    Config c = argusRecordingSection;
    return new RecordingSettings(
        c.getDuration("chunk-duration"),
        c.getDuration("flush-interval"),
        c.getDuration("socket-timeout"),
        c.getDuration("reconnect-min"),
        c.getDuration("reconnect-max"));
  }
}

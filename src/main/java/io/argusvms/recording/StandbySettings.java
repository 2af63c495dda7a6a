package io.argusvms.recording;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code argus.standby} section: hot standbys for High cameras.
 *
 * @param enabled whether this server holds standbys at all
 * @param buffer how much of the stream a standby keeps in memory (cut at keyframes)
 * @param maxBufferBytes at most this much memory per standby
 * @param readBatch how long a standby's reader lets packets gather between reads (longer than a
 *     recording's: nobody watches a buffer, and every wake-up costs); a promoted standby reads
 *     as a recording does
 */
public record StandbySettings(boolean enabled, Duration buffer, long maxBufferBytes, Duration readBatch) {

  public StandbySettings {
    if (buffer.isNegative() || buffer.isZero()) throw new IllegalArgumentException("standby buffer must be positive");
    if (maxBufferBytes <= 0) throw new IllegalArgumentException("standby max-buffer-bytes must be positive");
    if (readBatch.isNegative() || readBatch.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("standby read-batch must be between 0 and 1s");
    }
  }

  public static StandbySettings create(Config argusStandbySection) {
    return new StandbySettings(argusStandbySection.getBoolean("enabled"), argusStandbySection.getDuration("buffer"),
        argusStandbySection.getBytes("max-buffer-bytes"), argusStandbySection.getDuration("read-batch"));
  }
}

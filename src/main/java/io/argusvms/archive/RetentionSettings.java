package io.argusvms.archive;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code argus.retention} section of the configuration.
 *
 * @param maxAge delete sealed chunks that ended longer ago than this; zero keeps them until disk
 *     pressure removes them
 * @param minFreeSpaceBytes delete oldest chunks while the archive's file system has less free
 * @param maxArchiveSizeBytes delete oldest chunks while the catalog holds more; 0 = no limit
 * @param interval how often the server runs retention
 */
public record RetentionSettings(
    Duration maxAge, long minFreeSpaceBytes, long maxArchiveSizeBytes, Duration interval) {

  public RetentionSettings {
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("argus.retention.max-age must not be negative");
    }
    if (minFreeSpaceBytes < 0 || maxArchiveSizeBytes < 0) {
      throw new IllegalArgumentException("argus.retention sizes must not be negative");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("argus.retention.interval must be positive");
    }
  }

  /** @param section the {@code argus.retention} config object */
  public static RetentionSettings create(Config section) {
    return new RetentionSettings(
        section.getDuration("max-age"),
        section.getBytes("min-free-space"),
        section.getBytes("max-archive-size"),
        section.getDuration("interval"));
  }

  public boolean hasMaxAge() {
    return !maxAge.isZero();
  }
}

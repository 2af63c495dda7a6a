package io.argusvms.archive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which chunks to delete, as a pure function of a snapshot: no disk, no clock, no catalog.
 *
 * <p>Two clocks, as in MediaMTX (age) and Frigate (free space): a sealed chunk goes when it ended
 * more than {@code max-age} ago; and while the file system has less than {@code min-free-space}
 * free or the archive is above {@code max-archive-size}, the oldest sealed chunks of all cameras
 * go first. An open chunk is never chosen: the recorder is still writing it.
 */
public final class RetentionPolicy {
  private RetentionPolicy() {}

  /**
   * @param now the current time
   * @param freeBytes free bytes on the archive's file system
   * @param archiveBytes bytes of all chunks in the catalog
   * @param oldestFirst the oldest chunks of all cameras, by start time
   */
  public record Snapshot(Instant now, long freeBytes, long archiveBytes,
      List<ChunkRecord> oldestFirst) {
    public Snapshot {
      oldestFirst = List.copyOf(oldestFirst);
    }
  }

  public enum Reason {
    MAX_AGE("max_age"),
    DISK_PRESSURE("disk_pressure");

    /** Label value in metrics. */
    public final String label;

    Reason(String label) {
      this.label = label;
    }
  }

  public record Deletion(ChunkRecord chunk, Reason reason) {}

  /** Deletions in the order to carry them out (oldest first). */
  public static List<Deletion> decide(Snapshot snapshot, RetentionSettings settings) {
    long cutoffMs = settings.hasMaxAge()
        ? snapshot.now().minus(settings.maxAge()).toEpochMilli()
        : Long.MIN_VALUE;
    // Deleting a chunk is assumed to free its size; the runner re-reads the real numbers next round.
    long free = snapshot.freeBytes();
    long archive = snapshot.archiveBytes();
    List<Deletion> deletions = new ArrayList<>();
    for (ChunkRecord chunk : snapshot.oldestFirst()) {
      if (!chunk.sealed()) {
        continue;
      }
      Reason reason;
      if (chunk.endMs() < cutoffMs) {
        reason = Reason.MAX_AGE;
      } else if (underPressure(free, archive, settings)) {
        reason = Reason.DISK_PRESSURE;
      } else {
        // Not "break": across cameras a later start can still have an earlier, expired end.
        continue;
      }
      deletions.add(new Deletion(chunk, reason));
      free = saturatedAdd(free, chunk.sizeBytes());
      archive -= chunk.sizeBytes();
    }
    return deletions;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    // Free space reported as "unlimited" (Long.MAX_VALUE) must not overflow into pressure.
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  public static boolean underPressure(long freeBytes, long archiveBytes, RetentionSettings s) {
    return freeBytes < s.minFreeSpaceBytes()
        || (s.maxArchiveSizeBytes() > 0 && archiveBytes > s.maxArchiveSizeBytes());
  }
}

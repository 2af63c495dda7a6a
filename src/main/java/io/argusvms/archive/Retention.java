package io.argusvms.archive;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link RetentionPolicy} against the real catalog and disk. The server calls
 * {@link #runOnce()} every {@code argus.retention.interval} from a blocking thread (it deletes
 * files); calls must not overlap.
 */
public final class Retention {
  private static final Logger log = LoggerFactory.getLogger(Retention.class);
  /** Chunks looked at per round: enough to free a lot at once, small enough to hold in memory. */
  static final int BATCH = 500;
  /** Bounds one run (BATCH x rounds chunks) so a huge backlog cannot starve the next interval. */
  private static final int MAX_ROUNDS = 100;
  private final ChunkCatalog catalog;
  private final MediaStore store;
  private final RetentionSettings settings;
  private final Clock clock;
  private final LongSupplier freeBytes;

  private final AtomicLong deletedByAge = new AtomicLong();
  private final AtomicLong deletedForSpace = new AtomicLong();
  private final AtomicLong deletedBytes = new AtomicLong();
  private final AtomicLong failedDeletions = new AtomicLong();
  private boolean pressureReported;

  /** Outcome of one run. {@code pressureRemains}: still short of space, nothing left to delete. */
  public record Run(int deletedByAge, int deletedForSpace, long bytesFreed, int failed,
      boolean pressureRemains) {}

  /**
   * @param freeBytes free bytes on the archive's storage (in the server
   *     {@link MediaStore#freeBytes()}; tests pass fake numbers)
   */
  public Retention(ChunkCatalog catalog, MediaStore store, RetentionSettings settings,
      Clock clock, LongSupplier freeBytes) {
    this.catalog = catalog;
    this.store = store;
    this.settings = settings;
    this.clock = clock;
    this.freeBytes = freeBytes;
  }

  public static Retention create(ChunkCatalog catalog, MediaStore store, RetentionSettings settings) {
    return new Retention(catalog, store, settings, Clock.systemUTC(), store::freeBytes);
  }

  public RetentionSettings settings() {
    return settings;
  }

  public synchronized Run runOnce() {
    int byAge = 0;
    int forSpace = 0;
    int failed = 0;
    long freed = 0;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<ChunkRecord> oldest = catalog.oldest(BATCH);
      RetentionPolicy.Snapshot snapshot = new RetentionPolicy.Snapshot(
          clock.instant(), freeBytes.getAsLong(), catalog.totalBytes(), oldest);
      List<RetentionPolicy.Deletion> deletions = RetentionPolicy.decide(snapshot, settings);
      int doneThisRound = 0;
      for (RetentionPolicy.Deletion d : deletions) {
        if (!delete(d.chunk())) {
          failed++;
          continue;
        }
        doneThisRound++;
        freed += d.chunk().sizeBytes();
        if (d.reason() == RetentionPolicy.Reason.MAX_AGE) {
          byAge++;
        } else {
          forSpace++;
        }
      }
      if (doneThisRound == 0) {
        break; // nothing (more) to delete, or every deletion failed: try again next interval
      }
    }
    boolean pressure = RetentionPolicy.underPressure(
        freeBytes.getAsLong(), catalog.totalBytes(), settings);
    record(byAge, forSpace, freed, failed, pressure);
    return new Run(byAge, forSpace, freed, failed, pressure);
  }

  private void record(int byAge, int forSpace, long freed, int failed, boolean pressure) {
    deletedByAge.addAndGet(byAge);
    deletedForSpace.addAndGet(forSpace);
    deletedBytes.addAndGet(freed);
    failedDeletions.addAndGet(failed);
    if (byAge + forSpace > 0) {
      log.info("Retention deleted {} chunks ({} by age, {} for space), {} bytes",
          byAge + forSpace, byAge, forSpace, freed);
    }
    // Said once when it starts and once when it ends, not every interval.
    if (pressure && !pressureReported) {
      log.warn("Archive {} is short of space and retention has no sealed chunk left to delete",
          store.location());
    } else if (!pressure && pressureReported) {
      log.info("Archive {} is no longer short of space", store.location());
    }
    pressureReported = pressure;
  }

  /** Media first, then the catalog entry: a crash in between leaves an entry recovery removes. */
  private boolean delete(ChunkRecord chunk) {
    try {
      store.delete(chunk, clock.instant());
    } catch (IOException e) {
      log.warn("Retention cannot delete chunk {} of camera {} ({}): {}", chunk.startMs(), chunk.cameraId(),
          chunk.path(), e.toString());
      return false;
    }
    catalog.delete(chunk.cameraId(), chunk.startMs());
    return true;
  }

  public long deletedChunksTotal() {
    return deletedByAge.get() + deletedForSpace.get();
  }

  /** Counters in the Prometheus text exposition format (for {@code /metrics}). */
  public String renderPrometheus() {
    return "# HELP argus_retention_deleted_chunks_total Chunk files deleted by retention.\n"
        + "# TYPE argus_retention_deleted_chunks_total counter\n"
        + "argus_retention_deleted_chunks_total{reason=\"" + RetentionPolicy.Reason.MAX_AGE.label
        + "\"} " + deletedByAge.get() + "\n"
        + "argus_retention_deleted_chunks_total{reason=\""
        + RetentionPolicy.Reason.DISK_PRESSURE.label + "\"} " + deletedForSpace.get() + "\n"
        + "# HELP argus_retention_deleted_bytes_total Bytes of chunk files deleted by retention.\n"
        + "# TYPE argus_retention_deleted_bytes_total counter\n"
        + "argus_retention_deleted_bytes_total " + deletedBytes.get() + "\n"
        + "# HELP argus_retention_failed_deletions_total Chunk files retention could not delete.\n"
        + "# TYPE argus_retention_failed_deletions_total counter\n"
        + "argus_retention_failed_deletions_total " + failedDeletions.get() + "\n";
  }
}

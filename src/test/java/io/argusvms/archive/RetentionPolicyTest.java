package io.argusvms.archive;

import static io.argusvms.archive.RetentionPolicy.Reason.DISK_PRESSURE;
import static io.argusvms.archive.RetentionPolicy.Reason.MAX_AGE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final long MIN = 60_000;
  static final long DAY = 86_400_000;
  static final long GB = 1L << 30;

  static RetentionSettings settings(Duration maxAge, long minFree, long maxArchive) {
    return new RetentionSettings(maxAge, minFree, maxArchive, Duration.ofSeconds(10));
  }

  /** A one-minute chunk that ended {@code agoMs} before NOW. */
  static ChunkRecord chunk(String camera, long agoMs, long size, boolean sealed) {
    long end = NOW.toEpochMilli() - agoMs;
    return new ChunkRecord(camera, end - MIN, end, "/a/" + camera + "/" + end + ".ts", size,
        List.of(), sealed);
  }

  static List<String> decided(List<RetentionPolicy.Deletion> deletions) {
    return deletions.stream()
        .map(d -> d.chunk().cameraId() + "@" + (NOW.toEpochMilli() - d.chunk().endMs()) / MIN
            + "m:" + d.reason())
        .toList();
  }

  static List<RetentionPolicy.Deletion> decide(RetentionSettings s, long free, long archive,
      ChunkRecord... oldestFirst) {
    return RetentionPolicy.decide(
        new RetentionPolicy.Snapshot(NOW, free, archive, List.of(oldestFirst)), s);
  }

  @Test
  void sealedChunksThatEndedBeforeMaxAgeGo() {
    var s = settings(Duration.ofDays(30), GB, 0);
    var result = decide(s, 100 * GB, 3 * GB,
        chunk("a", 31 * DAY, GB, true),
        chunk("b", 30 * DAY + MIN, GB, true),
        chunk("a", 29 * DAY, GB, true));
    assertEquals(List.of("a@44640m:MAX_AGE", "b@43201m:MAX_AGE"), decided(result));
  }

  @Test
  void chunkEndingExactlyAtTheCutoffStays() {
    var s = settings(Duration.ofDays(30), GB, 0);
    assertEquals(List.of(), decide(s, 100 * GB, GB, chunk("a", 30 * DAY, GB, true)));
  }

  @Test
  void zeroMaxAgeKeepsEverythingWhileThereIsRoom() {
    var s = settings(Duration.ZERO, GB, 0);
    assertEquals(List.of(), decide(s, 100 * GB, GB, chunk("a", 3650 * DAY, GB, true)));
  }

  @Test
  void lowFreeSpaceDeletesTheOldestOfAllCamerasUntilThereIsEnough() {
    var s = settings(Duration.ZERO, 10 * GB, 0);
    // 7 GB free, 10 needed: the three oldest 1 GB chunks go, whatever their camera.
    var result = decide(s, 7 * GB, 6 * GB,
        chunk("b", 50 * MIN, GB, true),
        chunk("a", 40 * MIN, GB, true),
        chunk("c", 30 * MIN, GB, true),
        chunk("a", 20 * MIN, GB, true),
        chunk("b", 10 * MIN, GB, true));
    assertEquals(
        List.of("b@50m:DISK_PRESSURE", "a@40m:DISK_PRESSURE", "c@30m:DISK_PRESSURE"),
        decided(result));
  }

  @Test
  void archiveAboveItsMaximumShrinksToTheMaximum() {
    var s = settings(Duration.ZERO, 0, 4 * GB);
    var result = decide(s, 100 * GB, 5 * GB + 1,
        chunk("a", 50 * MIN, GB, true),
        chunk("a", 40 * MIN, GB, true),
        chunk("a", 30 * MIN, GB, true));
    assertEquals(List.of("a@50m:DISK_PRESSURE", "a@40m:DISK_PRESSURE"), decided(result));
  }

  @Test
  void zeroMaxArchiveSizeMeansNoLimit() {
    var s = settings(Duration.ZERO, 0, 0);
    assertEquals(List.of(), decide(s, 100 * GB, 1000 * GB, chunk("a", MIN, GB, true)));
  }

  @Test
  void openChunksAreNeverDeletedEvenUnderPressureOrWhenOld() {
    var s = settings(Duration.ofDays(1), 10 * GB, 0);
    var result = decide(s, 0, 2 * GB,
        chunk("stale-open", 5 * DAY, GB, false),
        chunk("a", 10 * MIN, GB, false),
        chunk("b", 5 * MIN, GB, true));
    assertEquals(List.of("b@5m:DISK_PRESSURE"), decided(result));
  }

  @Test
  void ageAndPressureWorkTogetherAndAgeCountsTowardsTheSpaceFreed() {
    var s = settings(Duration.ofDays(7), 10 * GB, 0);
    // 8 GB free: the expired chunk frees 1 GB, one more goes for the last GB.
    var result = decide(s, 8 * GB, 5 * GB,
        chunk("a", 8 * DAY, GB, true),
        chunk("b", 2 * DAY, GB, true),
        chunk("a", DAY, GB, true));
    assertEquals(List.of("a@11520m:MAX_AGE", "b@2880m:DISK_PRESSURE"), decided(result));
    assertEquals(MAX_AGE, result.get(0).reason());
    assertEquals(DISK_PRESSURE, result.get(1).reason());
  }

  @Test
  void laterStartWithAnEarlierExpiredEndIsStillFound() {
    var s = settings(Duration.ofDays(1), 0, 0);
    long now = NOW.toEpochMilli();
    // A long chunk still inside the window, then a short one that already expired.
    ChunkRecord longOne = new ChunkRecord("a", now - 3 * DAY, now - DAY / 2, "/a", 1, List.of(),
        true);
    ChunkRecord shortOne = new ChunkRecord("b", now - 2 * DAY, now - 2 * DAY + MIN, "/b", 1,
        List.of(), true);
    var result = decide(s, 100 * GB, 2, longOne, shortOne);
    assertEquals(List.of(new RetentionPolicy.Deletion(shortOne, MAX_AGE)), result);
  }
}

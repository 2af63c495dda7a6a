package io.argusvms.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
  // 2026-01-15T10:00:00Z
  static final long T0 = 1_768_471_200_000L;
  static final long DAY = 86_400_000L;

  @TempDir Path data;
  StorageLayout layout;
  LevelDbChunkCatalog catalog;
  MutableClock clock;

  /** A clock a test moves by hand. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @BeforeEach
  void open() {
    layout = new StorageLayout(data);
    layout.createFolders();
    catalog = LevelDbChunkCatalog.open(layout.catalogDir().toFile());
    clock = new MutableClock(Instant.ofEpochMilli(T0));
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  /** A real file of {@code size} bytes and its catalog entry: one minute starting at startMs. */
  private ChunkRecord record(String camera, long startMs, int size, boolean sealed)
      throws IOException {
    Path file = layout.chunkFile(camera, startMs);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[size]);
    ChunkRecord chunk = new ChunkRecord(camera, startMs, startMs + 60_000, file.toString(), size,
        List.of(new KeyframeEntry(startMs, 0)), sealed);
    catalog.put(chunk);
    return chunk;
  }

  private static RetentionSettings settings(Duration maxAge, long minFree, long maxArchive) {
    return new RetentionSettings(maxAge, minFree, maxArchive, Duration.ofSeconds(10));
  }

  @Test
  void maxAgeClockDeletesRealFilesOnceTheyExpire() throws IOException {
    ChunkRecord dayOne = record("cam1", T0, 1000, true);
    ChunkRecord dayTwo = record("cam1", T0 + DAY, 1000, true);
    Retention retention = new Retention(catalog, layout,
        settings(Duration.ofDays(30), 0, 0), clock, () -> Long.MAX_VALUE);
    clock.advance(Duration.ofDays(2));

    assertEquals(new Retention.Run(0, 0, 0, 0, false), retention.runOnce());

    // Day one's chunk ended at T0 + 1 min: 30 days and 1 minute ago after this.
    clock.advance(Duration.ofDays(28).plusMinutes(2));
    Retention.Run run = retention.runOnce();

    assertEquals(1, run.deletedByAge());
    assertFalse(Files.exists(Path.of(dayOne.path())));
    assertFalse(Files.exists(Path.of(dayOne.path()).getParent()), "empty day folder removed");
    assertTrue(Files.exists(Path.of(dayTwo.path())));
    assertEquals(List.of(dayTwo), catalog.all());
    assertEquals(1000, catalog.totalBytes());
  }

  @Test
  void diskPressureClockDeletesOldestAcrossCamerasUntilFreeSpaceIsBack() throws IOException {
    ChunkRecord a1 = record("a", T0, 1000, true);
    ChunkRecord b1 = record("b", T0 + 10_000, 1000, true);
    ChunkRecord a2 = record("a", T0 + 60_000, 1000, true);
    ChunkRecord b2 = record("b", T0 + 70_000, 1000, false); // open: never deleted
    long archiveAtStart = catalog.totalBytes();
    // The file system's free space grows by what retention deletes: 500 free, 2500 wanted.
    Retention retention = new Retention(catalog, layout, settings(Duration.ZERO, 2500, 0), clock,
        () -> 500 + archiveAtStart - catalog.totalBytes());

    Retention.Run run = retention.runOnce();

    assertEquals(new Retention.Run(0, 2, 2000, 0, false), run);
    assertFalse(Files.exists(Path.of(a1.path())));
    assertFalse(Files.exists(Path.of(b1.path())));
    assertEquals(List.of(a2, b2), catalog.all());
    assertTrue(Files.exists(Path.of(a2.path())), "day folder with chunks left stays");
  }

  @Test
  void pressureThatOnlyOpenChunksCouldRelieveIsReportedNotForced() throws IOException {
    ChunkRecord open = record("a", T0, 1000, false);
    Retention retention = new Retention(catalog, layout, settings(Duration.ZERO, 10_000, 0),
        clock, () -> 0);

    Retention.Run run = retention.runOnce();

    assertEquals(0, run.deletedForSpace());
    assertTrue(run.pressureRemains());
    assertTrue(Files.exists(Path.of(open.path())));
  }

  @Test
  void archiveAboveMaxSizeShrinksBelowIt() throws IOException {
    for (int i = 0; i < 10; i++) {
      record("cam" + (i % 3), T0 + i * 60_000L, 1000, true);
    }
    Retention retention = new Retention(catalog, layout, settings(Duration.ZERO, 0, 6500), clock,
        () -> Long.MAX_VALUE);

    Retention.Run run = retention.runOnce();

    assertEquals(4, run.deletedForSpace());
    assertEquals(6000, catalog.totalBytes());
    assertEquals(T0 + 4 * 60_000L, catalog.oldest(1).get(0).startMs());
  }

  @Test
  void entryWhoseFileIsAlreadyGoneIsStillRemoved() throws IOException {
    ChunkRecord chunk = record("a", T0, 1000, true);
    Files.delete(Path.of(chunk.path()));
    Retention retention = new Retention(catalog, layout, settings(Duration.ofDays(1), 0, 0),
        clock, () -> Long.MAX_VALUE);
    clock.advance(Duration.ofDays(2));

    assertEquals(1, retention.runOnce().deletedByAge());
    assertEquals(List.of(), catalog.all());
  }

  @Test
  void deletionsAreCountedForPrometheus() throws IOException {
    record("a", T0, 1000, true);
    record("a", T0 + 5 * DAY, 700, true);
    record("b", T0 + 5 * DAY + 60_000, 700, true);
    long archiveAtStart = catalog.totalBytes();
    Retention retention = new Retention(catalog, layout, settings(Duration.ofDays(3), 1000, 0),
        clock, () -> 300 + archiveAtStart - catalog.totalBytes() - 1000);
    clock.advance(Duration.ofDays(6));

    retention.runOnce();

    String text = retention.renderPrometheus();
    assertTrue(text.contains("argus_retention_deleted_chunks_total{reason=\"max_age\"} 1\n"), text);
    assertTrue(
        text.contains("argus_retention_deleted_chunks_total{reason=\"disk_pressure\"} 1\n"), text);
    assertTrue(text.contains("argus_retention_deleted_bytes_total 1700\n"), text);
    assertTrue(text.contains("# TYPE argus_retention_deleted_chunks_total counter"), text);
    assertEquals(2, retention.deletedChunksTotal());
  }

  @Test
  void settingsComeFromTheShippedConfiguration() {
    var config = ConfigFactory.parseFile(new File("conf/application.conf")).resolve();
    RetentionSettings s = RetentionSettings.create(config.getConfig("argus.retention"));
    assertEquals(new RetentionSettings(Duration.ofDays(30), 1L << 30, 0, Duration.ofSeconds(10)),
        s);
    assertTrue(s.hasMaxAge());
  }
}

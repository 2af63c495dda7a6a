package io.argusvms.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LevelDbChunkCatalogTest {
  // 2026-01-15T10:00:00Z
  static final long T0 = 1_768_471_200_000L;

  @TempDir Path tmp;

  static ChunkRecord chunk(String cameraId, long startMs, long endMs, long size, boolean sealed) {
    return new ChunkRecord(
        cameraId,
        startMs,
        endMs,
        "/archive/" + cameraId + "/" + startMs + ".ts",
        size,
        List.of(new KeyframeEntry(startMs, 0), new KeyframeEntry(startMs + 2000, 9_400)),
        sealed);
  }

  private LevelDbChunkCatalog open() {
    return LevelDbChunkCatalog.open(tmp.resolve("catalog").toFile());
  }

  @Test
  void putThenFindReturnsTheSameRecordWithKeyframes() {
    try (LevelDbChunkCatalog catalog = open()) {
      ChunkRecord c = chunk("cam1", T0, T0 + 60_000, 1234, true);
      catalog.put(c);
      assertEquals(List.of(c), catalog.find("cam1", T0, T0 + 1));
    }
  }

  @Test
  void findIncludesTheChunkThatStartedBeforeTheRangeAndStillRunsIntoIt() {
    try (LevelDbChunkCatalog catalog = open()) {
      ChunkRecord a = chunk("cam1", T0, T0 + 60_000, 10, true);
      ChunkRecord b = chunk("cam1", T0 + 60_000, T0 + 120_000, 10, true);
      ChunkRecord c = chunk("cam1", T0 + 120_000, T0 + 180_000, 10, true);
      catalog.put(c);
      catalog.put(a);
      catalog.put(b);
      assertEquals(List.of(a, b), catalog.find("cam1", T0 + 30_000, T0 + 90_000));
      assertEquals(List.of(b, c), catalog.find("cam1", T0 + 60_000, T0 + 999_000));
      // The last chunk of the whole database overlapping a range that starts after its start.
      assertEquals(List.of(c), catalog.find("cam1", T0 + 170_000, T0 + 999_000));
      assertEquals(List.of(), catalog.find("cam1", T0 + 180_000, T0 + 999_000));
      assertEquals(List.of(), catalog.find("cam1", T0 - 50_000, T0));
      assertEquals(List.of(), catalog.find("cam1", T0 + 30_000, T0 + 30_000)); // empty range
    }
  }

  @Test
  void findSkipsAnEarlierChunkThatEndedBeforeTheRange() {
    try (LevelDbChunkCatalog catalog = open()) {
      catalog.put(chunk("cam1", T0, T0 + 60_000, 10, true));
      ChunkRecord later = chunk("cam1", T0 + 600_000, T0 + 660_000, 10, true);
      catalog.put(later);
      assertEquals(List.of(later), catalog.find("cam1", T0 + 300_000, T0 + 700_000));
    }
  }

  @Test
  void latestIsTheNewestChunkOfThatCameraOnly() {
    try (LevelDbChunkCatalog catalog = open()) {
      assertEquals(Optional.empty(), catalog.latest("cam1"));
      catalog.put(chunk("cam1", T0, T0 + 60_000, 10, true));
      ChunkRecord open = chunk("cam1", T0 + 60_000, T0 + 61_000, 10, false);
      catalog.put(open);
      catalog.put(chunk("cam2", T0 + 500_000, T0 + 560_000, 10, true));
      catalog.put(chunk("cam0", T0 + 900_000, T0 + 960_000, 10, true));
      assertEquals(Optional.of(open), catalog.latest("cam1"));
      assertEquals(Optional.empty(), catalog.latest("cam"));
    }
  }

  @Test
  void cameraIdThatIsAPrefixOfAnotherDoesNotMix() {
    try (LevelDbChunkCatalog catalog = open()) {
      ChunkRecord one = chunk("cam1", T0, T0 + 60_000, 10, true);
      ChunkRecord ten = chunk("cam10", T0 + 10_000, T0 + 70_000, 20, true);
      ChunkRecord tenLater = chunk("cam10", T0 + 70_000, T0 + 130_000, 20, true);
      catalog.put(one);
      catalog.put(ten);
      catalog.put(tenLater);
      assertEquals(List.of(one), catalog.find("cam1", 0, Long.MAX_VALUE));
      assertEquals(List.of(ten, tenLater), catalog.find("cam10", 0, Long.MAX_VALUE));
      assertEquals(Optional.of(one), catalog.latest("cam1"));
      assertEquals(Optional.of(tenLater), catalog.latest("cam10"));
      assertEquals(List.of(), catalog.find("cam", 0, Long.MAX_VALUE));
    }
  }

  @Test
  void manyCamerasKeepTheirOwnChunks() {
    try (LevelDbChunkCatalog catalog = open()) {
      for (int cam = 0; cam < 20; cam++) {
        for (int i = 0; i < 10; i++) {
          catalog.put(
              chunk("camera-" + cam, T0 + i * 60_000L, T0 + (i + 1) * 60_000L, 100, true));
        }
      }
      for (int cam = 0; cam < 20; cam++) {
        List<ChunkRecord> found = catalog.find("camera-" + cam, T0, T0 + 3_600_000);
        assertEquals(10, found.size());
        for (int i = 0; i < 10; i++) {
          assertEquals("camera-" + cam, found.get(i).cameraId());
          assertEquals(T0 + i * 60_000L, found.get(i).startMs());
        }
      }
      assertEquals(200, catalog.all().size());
      assertEquals(20_000, catalog.totalBytes());
    }
  }

  @Test
  void oldestMergesAllCamerasByStartTime() {
    try (LevelDbChunkCatalog catalog = open()) {
      catalog.put(chunk("b", T0 + 30_000, T0 + 90_000, 1, true));
      catalog.put(chunk("a", T0 + 60_000, T0 + 120_000, 1, true));
      catalog.put(chunk("b", T0 + 90_000, T0 + 150_000, 1, true));
      catalog.put(chunk("c", T0, T0 + 60_000, 1, true));
      catalog.put(chunk("a", T0 + 120_000, T0 + 180_000, 1, false));
      List<Long> starts =
          catalog.oldest(4).stream().map(c -> c.startMs() - T0).toList();
      assertEquals(List.of(0L, 30_000L, 60_000L, 90_000L), starts);
      assertEquals(5, catalog.oldest(100).size());
      assertEquals(List.of(), catalog.oldest(0));
    }
  }

  @Test
  void oldestWithASmallLimitStillLooksAtEveryCamera() {
    try (LevelDbChunkCatalog catalog = open()) {
      for (int cam = 0; cam < 30; cam++) {
        for (int i = 0; i < 5; i++) {
          // camera k's chunks start at k, k + 100, ... seconds: the oldest are spread out.
          long start = T0 + (cam * 7 % 30) * 1000L + i * 100_000L;
          catalog.put(chunk("cam" + cam, start, start + 60_000, 1, true));
        }
      }
      List<ChunkRecord> oldest = catalog.oldest(3);
      assertEquals(List.of(T0, T0 + 1000, T0 + 2000),
          oldest.stream().map(ChunkRecord::startMs).toList());
      assertEquals(List.of("cam0", "cam13", "cam26"),
          oldest.stream().map(ChunkRecord::cameraId).toList());
      assertEquals(150, catalog.oldest(1000).size());
    }
  }

  @Test
  void deleteRemovesTheEntryAndItsBytes() {
    try (LevelDbChunkCatalog catalog = open()) {
      catalog.put(chunk("cam1", T0, T0 + 60_000, 1000, true));
      catalog.put(chunk("cam1", T0 + 60_000, T0 + 120_000, 500, true));
      catalog.delete("cam1", T0);
      catalog.delete("cam1", T0 + 999); // absent: no effect on the sum
      assertEquals(500, catalog.totalBytes());
      assertEquals(1, catalog.all().size());
      assertEquals(T0 + 60_000, catalog.all().get(0).startMs());
    }
  }

  @Test
  void rePuttingAnOpenChunkReplacesItsSizeInTheTotal() {
    try (LevelDbChunkCatalog catalog = open()) {
      for (long size = 100; size <= 1000; size += 100) {
        catalog.put(chunk("cam1", T0, T0 + size, size, false));
      }
      catalog.put(chunk("cam1", T0, T0 + 60_000, 1500, true));
      assertEquals(1500, catalog.totalBytes());
      assertEquals(1, catalog.all().size());
      assertTrue(catalog.all().get(0).sealed());
    }
  }

  @Test
  void reopeningKeepsTheChunksAndRebuildsTheTotal() {
    ChunkRecord a = chunk("cam1", T0, T0 + 60_000, 700, true);
    ChunkRecord b = chunk("cam2", T0, T0 + 1_000, 300, false);
    try (LevelDbChunkCatalog catalog = open()) {
      catalog.put(a);
      catalog.put(b);
    }
    try (LevelDbChunkCatalog catalog = open()) {
      assertEquals(List.of(a, b), catalog.all());
      assertEquals(1000, catalog.totalBytes());
      assertEquals(0, catalog.corruptEntriesDropped());
    }
  }

  @Test
  void concurrentWritersKeepTheTotalExact() throws Exception {
    try (LevelDbChunkCatalog catalog = open()) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          String cam = "cam" + t;
          futures.add(pool.submit(() -> {
            for (int i = 0; i < 200; i++) {
              // An open chunk re-put with a growing size, as the recorder does every second.
              catalog.put(chunk(cam, T0, T0 + i, i, false));
              catalog.find(cam, T0, T0 + 1);
            }
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
      assertEquals(4 * 199, catalog.totalBytes());
    }
  }

  @Test
  void undecodableValueIsDroppedOnOpenInsteadOfFailing() throws Exception {
    File dir = tmp.resolve("catalog").toFile();
    try (LevelDbChunkCatalog catalog = LevelDbChunkCatalog.open(dir)) {
      catalog.put(chunk("cam1", T0, T0 + 60_000, 700, true));
    }
    try (DB raw = JniDBFactory.factory.open(dir, new Options())) {
      raw.put(ChunkKey.of("cam1", T0 + 60_000), new byte[] {1, 0, (byte) 0xFF});
      raw.put(ChunkKey.of("cam2", T0), new byte[] {99, 1, 2, 3});
      raw.put("junk".getBytes(StandardCharsets.UTF_8), new byte[] {1});
    }
    try (LevelDbChunkCatalog catalog = LevelDbChunkCatalog.open(dir)) {
      assertEquals(3, catalog.corruptEntriesDropped());
      assertEquals(1, catalog.all().size());
      assertEquals(700, catalog.totalBytes());
    }
  }

  @Test
  void openingALockedFolderFailsAtOnceWithAClearMessage() {
    try (LevelDbChunkCatalog first = open()) {
      CatalogOpenException e = assertThrows(CatalogOpenException.class, this::open);
      assertTrue(e.getMessage().contains("in use by another"), e.getMessage());
    }
  }

  @Test
  void openingAFolderAnotherProcessHoldsFailsAtOnceWithAClearMessage() throws Exception {
    File dir = tmp.resolve("catalog").toFile();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        HoldCatalogLock.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      var out = new java.io.BufferedReader(
          new java.io.InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", out.readLine());
      CatalogOpenException e = assertThrows(CatalogOpenException.class, this::open);
      assertTrue(e.getMessage().contains("in use by another Argus process"), e.getMessage());
    } finally {
      holder.getOutputStream().close();
      holder.waitFor();
    }
    try (LevelDbChunkCatalog catalog = open()) {
      assertEquals(0, catalog.totalBytes()); // free again once the other process is gone
    }
  }

  @Test
  void openingACorruptFolderFailsWithAClearMessage() throws Exception {
    try (LevelDbChunkCatalog catalog = open()) {
      catalog.put(chunk("cam1", T0, T0 + 60_000, 700, true));
    }
    Path current = tmp.resolve("catalog").resolve("CURRENT");
    Files.writeString(current, "MANIFEST-999999\n");
    CatalogOpenException e = assertThrows(CatalogOpenException.class, this::open);
    assertTrue(e.getMessage().contains("chunk catalog"), e.getMessage());
    assertFalse(e.getMessage().isBlank());
  }

  @Test
  void closedCatalogRefusesCalls() {
    LevelDbChunkCatalog catalog = open();
    catalog.close();
    catalog.close();
    assertThrows(IllegalStateException.class, () -> catalog.all());
  }
}

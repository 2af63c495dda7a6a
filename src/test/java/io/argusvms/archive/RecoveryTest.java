package io.argusvms.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {
  // 2026-01-15T10:00:00Z
  static final long T0 = 1_768_471_200_000L;

  @TempDir static Path shared;
  static Path clip;

  @TempDir Path data;
  StorageLayout layout;

  @BeforeAll
  static void encodeClip() throws IOException {
    clip = TsFixtures.h264Ts(shared.resolve("clip.ts"), 75);
  }

  @BeforeEach
  void createLayout() {
    layout = new StorageLayout(data);
    layout.createFolders();
  }

  private LevelDbChunkCatalog openCatalog() {
    return LevelDbChunkCatalog.open(layout.catalogDir().toFile());
  }

  private Path chunkFile(String cameraId, long startMs) throws IOException {
    Path file = layout.chunkFile(cameraId, startMs);
    Files.createDirectories(file.getParent());
    return Files.copy(clip, file);
  }

  @Test
  void chunkOpenWhenTheProcessDiedIsCutToItsLastWholePacketAndSealed() throws IOException {
    Path file = chunkFile("cam1", T0);
    long cut = (Files.size(clip) / 188 * 2 / 3) * 188 + 77; // mid-packet, as after kill -9
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(cut);
    }
    try (LevelDbChunkCatalog catalog = openCatalog()) {
      // What the writer last flushed to the catalog before dying: one keyframe, a second in.
      catalog.put(new ChunkRecord("cam1", T0, T0 + 1000, file.toString(), 9_400,
          List.of(new KeyframeEntry(T0, 0)), false));

      RecoveryReport report = Recovery.run(catalog, layout);

      assertEquals(1, report.openChunksSealed());
      assertEquals(77, report.bytesTruncated());
      assertEquals(cut - 77, Files.size(file));
      ChunkRecord sealed = catalog.latest("cam1").orElseThrow();
      assertTrue(sealed.sealed());
      assertEquals(cut - 77, sealed.sizeBytes());
      assertEquals(cut - 77, catalog.totalBytes());
      assertTrue(sealed.endMs() > T0 + 1000 && sealed.endMs() < T0 + 3000, "end " + sealed.endMs());
      assertEquals(new KeyframeEntry(T0, 0), sealed.keyframes().get(0));
      assertEquals(T0 + 1000, sealed.keyframes().get(1).timeMs());
      for (KeyframeEntry k : sealed.keyframes().subList(1, sealed.keyframes().size())) {
        assertTrue(TsScannerTest.isPatPacket(file, k.byteOffset()), "PAT at " + k.byteOffset());
      }
    }
  }

  @Test
  void entryWhoseFileIsGoneIsRemoved() throws IOException {
    try (LevelDbChunkCatalog catalog = openCatalog()) {
      Path kept = chunkFile("cam1", T0 + 60_000);
      catalog.put(TsScanner.scan(kept).toChunk("cam1", T0 + 60_000, kept.toString(), true));
      catalog.put(new ChunkRecord("cam1", T0, T0 + 60_000,
          layout.chunkFile("cam1", T0).toString(), 5000, List.of(), true));

      RecoveryReport report = Recovery.run(catalog, layout);

      assertEquals(1, report.missingFilesRemoved());
      assertEquals(List.of(T0 + 60_000),
          catalog.all().stream().map(ChunkRecord::startMs).toList());
      assertEquals(Files.size(kept), catalog.totalBytes());
    }
  }

  @Test
  void fileTheCatalogNeverHeardOfIsIndexedFromItsFolderAndName() throws IOException {
    Path file = chunkFile("front-door", T0);
    try (LevelDbChunkCatalog catalog = openCatalog()) {
      RecoveryReport report = Recovery.run(catalog, layout);

      assertEquals(1, report.orphanFilesIndexed());
      ChunkRecord chunk = catalog.latest("front-door").orElseThrow();
      assertEquals(T0, chunk.startMs());
      assertEquals(T0 + 3000, chunk.endMs());
      assertEquals(file.toString(), chunk.path());
      assertEquals(3, chunk.keyframes().size());
      assertTrue(chunk.sealed());
    }
  }

  @Test
  void unreadableFilesAreReportedKeptAndNotIndexed() throws IOException {
    Path garbage = layout.chunkFile("cam1", T0);
    Files.createDirectories(garbage.getParent());
    Files.writeString(garbage, "not a transport stream");
    Path badName = garbage.resolveSibling("holiday.ts");
    Files.copy(clip, badName);
    Path empty = Files.createFile(garbage.resolveSibling((T0 + 60_000) + ".ts"));
    try (LevelDbChunkCatalog catalog = openCatalog()) {
      // An open chunk whose file never got a packet (died right after opening it).
      catalog.put(new ChunkRecord("cam1", T0 + 60_000, T0 + 60_000, empty.toString(), 0,
          List.of(), false));

      RecoveryReport report = Recovery.run(catalog, layout);

      assertEquals(3, report.unreadableFiles());
      assertTrue(report.unreadable().containsAll(List.of(garbage, badName, empty)));
      assertEquals(List.of(), catalog.all());
      assertTrue(Files.exists(garbage) && Files.exists(badName) && Files.exists(empty));
    }
  }

  @Test
  void corruptCatalogValueDoesNotStopStartUpAndItsFileIsIndexedAgain() throws IOException {
    Path file = chunkFile("cam1", T0);
    try (LevelDbChunkCatalog catalog = openCatalog()) {
      catalog.put(TsScanner.scan(file).toChunk("cam1", T0, file.toString(), true));
    }
    try (DB raw = JniDBFactory.factory.open(layout.catalogDir().toFile(), new Options())) {
      raw.put(ChunkKey.of("cam1", T0), new byte[] {1, 1, (byte) 0x80});
    }
    try (LevelDbChunkCatalog catalog = openCatalog()) {
      RecoveryReport report = Recovery.run(catalog, layout);

      assertEquals(1, report.corruptEntriesDropped());
      assertEquals(1, report.orphanFilesIndexed());
      assertEquals(Files.size(file), catalog.latest("cam1").orElseThrow().sizeBytes());
    }
  }

  @Test
  void secondRunFindsNothingToDo() throws IOException {
    chunkFile("cam1", T0);
    chunkFile("cam2", T0 + 5_000);
    try (LevelDbChunkCatalog catalog = openCatalog()) {
      RecoveryReport first = Recovery.run(catalog, layout);
      List<ChunkRecord> afterFirst = catalog.all();

      RecoveryReport second = Recovery.run(catalog, layout);

      assertEquals(2, first.orphanFilesIndexed());
      assertFalse(second.changedAnything());
      assertEquals(afterFirst, catalog.all());
    }
  }
}

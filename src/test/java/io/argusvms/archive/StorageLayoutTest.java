package io.argusvms.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.system.StorageInfo;
import io.argusvms.testing.Mounts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageLayoutTest {
  @TempDir Path tmp;

  @Test
  void chunkFileLivesInTheCamerasUtcDayFolder() {
    StorageLayout layout = new StorageLayout(tmp);
    // 2026-01-15T23:59:59.500Z: still the 15th in UTC whatever the machine's zone.
    long start = 1_768_521_599_500L;
    assertEquals(tmp.resolve("archive/cam1/2026-01-15/1768521599500.ts"),
        layout.chunkFile("cam1", start));
    assertEquals(tmp.resolve("archive/cam1"), layout.cameraDir("cam1"));
    assertEquals(tmp.resolve("catalog"), layout.catalogDir());
  }

  @Test
  void startTimeIsReadBackFromTheFileName() {
    assertEquals(1_768_521_599_500L, StorageLayout.startMsOfFileName("1768521599500.ts"));
    assertEquals(-1, StorageLayout.startMsOfFileName("notes.txt"));
    assertEquals(-1, StorageLayout.startMsOfFileName("12ab.ts"));
    assertEquals(-1, StorageLayout.startMsOfFileName(".ts"));
  }

  @Test
  void cameraIdsThatEscapeTheArchiveAreRefused() {
    StorageLayout layout = new StorageLayout(tmp);
    assertThrows(IllegalArgumentException.class, () -> layout.cameraDir(".."));
    assertThrows(IllegalArgumentException.class, () -> layout.cameraDir("a/b"));
    assertThrows(IllegalArgumentException.class, () -> layout.cameraDir(""));
  }

  @Test
  void storageInfoReportsRealSizesAndAWritableArchive() throws Exception {
    StorageLayout layout = new StorageLayout(tmp);
    StorageInfo info = layout.storageInfo();
    assertEquals(tmp.resolve("archive").toString(), info.path());
    assertTrue(info.totalBytes() > 0);
    assertTrue(info.freeBytes() > 0 && info.freeBytes() <= info.totalBytes());
    assertTrue(info.writable());
    try (var files = Files.list(tmp.resolve("archive"))) {
      assertEquals(0, files.count(), "the probe file is removed");
    }
  }

  @Test
  void storageInfoSaysNotWritableWhenTheArchiveCannotBeCreated() throws Exception {
    // A plain file where the archive folder should be: nothing can be written below it, and this
    // holds even for root (the tests may run as root, which ignores permission bits).
    Files.writeString(tmp.resolve("archive"), "not a folder");
    StorageInfo info = new StorageLayout(tmp).storageInfo();
    assertFalse(info.writable());
  }

  /**
   * A disk filled by another program's files: the recorder refuses to start and placement sees
   * the server as no place for cameras, by one rule. (Before, placement's probe wrote two bytes
   * and said writable while the recorder refused: the camera stayed on a full disk.)
   */
  @Test
  void aDiskFullOfOtherFilesIsNotWritableForPlacementNorForTheRecorder() throws Exception {
    Path disk = Files.createDirectory(tmp.resolve("small-disk"));
    Mounts.tmpfs(disk, "4m");
    try {
      StorageLayout layout = new StorageLayout(disk);
      layout.createFolders();
      assertTrue(layout.storageInfo().writable());
      assertTrue(layout.camera("cam").whyNotWritable().isEmpty());
      // Another program fills it to within a few KiB.
      byte[] block = new byte[64 * 1024];
      try (var out = Files.newOutputStream(disk.resolve("other-program.dat"))) {
        while (Files.getFileStore(disk).getUsableSpace() > 2 * block.length) out.write(block);
      }
      assertFalse(layout.storageInfo().writable(), "placement must not send cameras here");
      assertTrue(layout.camera("cam").whyNotWritable().orElse("").startsWith("storage full"),
          "the recorder refuses for the same reason: " + layout.camera("cam").whyNotWritable());
    } finally {
      Mounts.unmount(disk);
    }
  }
}

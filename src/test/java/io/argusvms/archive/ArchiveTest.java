package io.argusvms.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveTest {
  // 2026-01-15T10:00:00Z
  static final long T0 = 1_768_471_200_000L;
  static final RetentionSettings KEEP_ALL =
      new RetentionSettings(Duration.ZERO, 0, 0, Duration.ofSeconds(10));

  @TempDir Path data;

  @Test
  void restartAfterKillNineFindsTheTornOpenChunkSealedAndPlayable() throws IOException {
    Path file;
    try (Archive archive = Archive.open(data, KEEP_ALL)) {
      file = archive.layout().chunkFile("cam1", T0);
      TsFixtures.h264Ts(file, 50);
      // The recorder's last flush to the catalog, then the process dies mid-packet.
      archive.catalog().put(new ChunkRecord("cam1", T0, T0 + 500, file.toString(), 188 * 10,
          List.of(new KeyframeEntry(T0, 0)), false));
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
        f.setLength(f.length() - 100);
      }
    }
    try (Archive archive = Archive.open(data, KEEP_ALL)) {
      RecoveryReport report = archive.recoveryReport();
      assertEquals(1, report.openChunksSealed());
      ChunkRecord chunk = archive.catalog().latest("cam1").orElseThrow();
      assertTrue(chunk.sealed());
      assertEquals(Files.size(file), chunk.sizeBytes());
      assertEquals(0, chunk.sizeBytes() % TsScanner.PACKET_SIZE);
      assertEquals(2, chunk.keyframes().size());
      assertTrue(archive.layout().storageInfo().writable());
    }
    try (Archive archive = Archive.open(data, KEEP_ALL)) {
      assertFalse(archive.recoveryReport().changedAnything());
    }
  }
}

package io.argusvms.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkMediaTest {
  @TempDir Path dir;

  private ChunkRecord chunkOf(Path file, long sizeBytes) {
    return new ChunkRecord("cam", 0, 1_000, file.toString(), sizeBytes, List.of(new KeyframeEntry(0, 0)), false);
  }

  private static byte[] bytes(int n) {
    byte[] data = new byte[n];
    for (int i = 0; i < n; i++) {
      data[i] = (byte) i;
    }
    return data;
  }

  @Test
  void readsExactlyTheRequestedRange() throws IOException {
    Path file = Files.write(dir.resolve("c.ts"), bytes(1_000));
    try (InputStream in = ChunkMedia.openRange(chunkOf(file, 1_000), 188, 376)) {
      assertArrayEquals(Arrays.copyOfRange(bytes(1_000), 188, 564), in.readAllBytes());
    }
  }

  @Test
  void rangeBeyondTheFlushedSizeIsRefusedEvenIfTheFileIsLonger() throws IOException {
    Path file = Files.write(dir.resolve("c.ts"), bytes(1_000));
    ChunkRecord flushedHalf = chunkOf(file, 500);
    assertThrows(IllegalArgumentException.class, () -> ChunkMedia.openRange(flushedHalf, 400, 200));
    assertThrows(IllegalArgumentException.class, () -> ChunkMedia.openRange(flushedHalf, -1, 10));
  }

  @Test
  void missingFileIsAnIoErrorNamingIt() {
    Path gone = dir.resolve("gone.ts");
    IOException error = assertThrows(IOException.class, () -> ChunkMedia.openRange(chunkOf(gone, 1_000), 0, 10));
    assertTrue(error.getMessage().contains(gone.toString()), error.getMessage());
  }

  @Test
  void fileShorterThanTheCatalogSaysIsAnIoError() throws IOException {
    Path file = Files.write(dir.resolve("torn.ts"), bytes(100));
    assertThrows(IOException.class, () -> ChunkMedia.openRange(chunkOf(file, 1_000), 0, 500));
  }
}

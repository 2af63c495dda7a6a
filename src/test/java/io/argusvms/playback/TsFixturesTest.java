package io.argusvms.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.argusvms.archive.ChunkRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsFixturesTest {
  @TempDir Path dir;

  @Test
  void fixtureChunkHasOneIndexedKeyframePerGopStartingAtOffsetZero() throws Exception {
    ChunkRecord chunk = TsFixtures.chunk(dir.resolve("a.ts"), "cam", 1_000_000L, 60);
    assertEquals(3, chunk.keyframes().size(), chunk.keyframes().toString());
    assertEquals(0, chunk.keyframes().get(0).byteOffset());
    assertEquals(1_001_000L, chunk.keyframes().get(1).timeMs());
    assertEquals(1_002_400L, chunk.endMs());
  }
}

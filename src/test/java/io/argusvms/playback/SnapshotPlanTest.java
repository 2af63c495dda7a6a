package io.argusvms.playback;

import static io.argusvms.playback.SyntheticChunks.T0;
import static io.argusvms.playback.SyntheticChunks.chunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.archive.ChunkRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenario table of {@link SnapshotPlan}: chunks of 1 byte per ms, a keyframe every 2 s. */
class SnapshotPlanTest {
  static final ChunkRecord FIRST = chunk(T0, 10_000, 2_000, true);
  static final ChunkRecord OPEN = chunk(T0 + 10_000, 5_000, 2_000, false); // keyframes at +0, +2 s, +4 s

  @Test
  void theKeyframeAtOrBeforeTheTimeWithTheBytesToTheNextOne() {
    SnapshotPlan p = SnapshotPlan.at(List.of(FIRST, OPEN), T0 + 5_500).orElseThrow();
    assertEquals(FIRST, p.chunk());
    assertEquals(T0 + 4_000, p.keyframeMs());
    assertEquals(4_000, p.offset());
    assertEquals(2_000, p.length());
  }

  @Test
  void liveSkipsTheNewestKeyframeWhoseGopMayNotBeOnDiskYet() {
    SnapshotPlan p = SnapshotPlan.at(List.of(FIRST, OPEN), T0 + 20_000).orElseThrow();
    assertEquals(T0 + 12_000, p.keyframeMs(), "the open chunk's last keyframe (+14 s) is skipped");
  }

  @Test
  void aChunksLastKeyframeCountsOnceTheNextChunkFollowsIt() {
    SnapshotPlan p = SnapshotPlan.at(List.of(FIRST, OPEN), T0 + 9_000).orElseThrow();
    assertEquals(T0 + 8_000, p.keyframeMs());
    assertEquals(2_000, p.length(), "to the end of its chunk");
    // A chunk on its own (a hole after it): its last GOP is not trusted.
    assertEquals(T0 + 6_000, SnapshotPlan.at(List.of(FIRST), T0 + 9_000).orElseThrow().keyframeMs());
  }

  @Test
  void nothingBeforeTheTimeIsNoPlan() {
    assertTrue(SnapshotPlan.at(List.of(FIRST, OPEN), T0 - 1).isEmpty());
    assertTrue(SnapshotPlan.at(List.of(), T0).isEmpty());
    assertTrue(SnapshotPlan.at(List.of(chunk(T0, 1_000, 2_000, false)), T0 + 500).isEmpty(),
        "one GOP still being written");
  }

  @Test
  void aHugeGopIsReadOnlyAsFarAsAKeyframeNeeds() {
    ChunkRecord big = chunk(T0, 20_000_000, 10_000_000, true);
    SnapshotPlan p = SnapshotPlan.at(List.of(big), T0 + 1).orElseThrow();
    assertEquals(SnapshotPlan.MAX_BYTES, p.length());
  }
}

package io.argusvms.playback;

import static io.argusvms.playback.SyntheticChunks.T0;
import static io.argusvms.playback.SyntheticChunks.chunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.archive.ChunkRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportPlanTest {

  @Test
  void firstChunkIsReadFromTheKeyframeAtOrBeforeFrom() {
    ExportPlan plan = ExportPlan.of(List.of(chunk(T0, 10_000, 2_000, true)), T0 + 5_500, T0 + 9_000);
    assertEquals(1, plan.pieces().size());
    assertEquals(4_000, plan.pieces().get(0).byteOffset());
    assertEquals(T0 + 4_000, plan.pieces().get(0).startMs());
    assertEquals(0, plan.pieces().get(0).outStartMs());
  }

  @Test
  void jitterBetweenChunksIsKeptAndLongGapsAreClosed() {
    ChunkRecord a = chunk(T0, 10_000, 2_000, true);
    ChunkRecord b = chunk(T0 + 10_300, 10_000, 2_000, true); // 300 ms jitter: kept
    ChunkRecord c = chunk(T0 + 3_600_000, 10_000, 2_000, true); // an hour later: closed
    ExportPlan plan = ExportPlan.of(List.of(c, a, b), T0 + 3_000, T0 + 3_605_000);
    assertEquals(List.of(0L, 8_300L, 18_300L), plan.pieces().stream().map(ExportPlan.Piece::outStartMs).toList());
    assertEquals(0, plan.pieces().get(1).byteOffset());
  }

  @Test
  void chunksOutsideTheSpanAreLeftOut() {
    ExportPlan plan = ExportPlan.of(
        List.of(chunk(T0, 10_000, 2_000, true), chunk(T0 + 20_000, 10_000, 2_000, true)), T0 + 10_000, T0 + 20_000);
    assertTrue(plan.isEmpty());
  }
}

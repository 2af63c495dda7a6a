package io.argusvms.playback;

import static io.argusvms.playback.SyntheticChunks.T0;
import static io.argusvms.playback.SyntheticChunks.chunk;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeriodsTest {
  static final long DAY = 86_400_000L;

  @Test
  void chunksWithinTheJoinGapBecomeOnePeriod() {
    var chunks = List.of(chunk(T0, 60_000, 2_000, true), chunk(T0 + 60_500, 60_000, 2_000, true));
    assertEquals(List.of(new Period(T0, T0 + 120_500, "s1", true)), Periods.of(chunks, "s1", T0 - DAY, T0 + DAY, 1_000));
  }

  @Test
  void aGapLongerThanTheJoinGapSplitsPeriods() {
    var chunks = List.of(chunk(T0, 60_000, 2_000, true), chunk(T0 + 62_000, 60_000, 2_000, true));
    assertEquals(
        List.of(new Period(T0, T0 + 60_000, "s1", true), new Period(T0 + 62_000, T0 + 122_000, "s1", true)),
        Periods.of(chunks, "s1", T0 - DAY, T0 + DAY, 1_000));
  }

  @Test
  void periodsAreClippedToTheSpanAndSortedWhateverTheInputOrder() {
    var chunks = List.of(
        chunk(T0 + 200_000, 60_000, 2_000, true),
        chunk(T0, 60_000, 2_000, true),
        chunk(T0 + 100_000, 60_000, 2_000, true));
    assertEquals(
        List.of(
            new Period(T0 + 30_000, T0 + 60_000, "s2", true),
            new Period(T0 + 100_000, T0 + 160_000, "s2", true),
            new Period(T0 + 200_000, T0 + 210_000, "s2", true)),
        Periods.of(chunks, "s2", T0 + 30_000, T0 + 210_000, 1_000));
  }

  @Test
  void overlappingChunksMergeAndEmptyOnesAreIgnored() {
    var chunks = List.of(chunk(T0, 60_000, 2_000, true), chunk(T0 + 59_000, 10_000, 2_000, true), chunk(T0 + 500_000, 0, 2_000, false));
    assertEquals(List.of(new Period(T0, T0 + 69_000, "s1", true)), Periods.of(chunks, "s1", T0 - DAY, T0 + DAY, 0));
  }

  @Test
  void nothingInTheSpanGivesNoPeriods() {
    assertEquals(List.of(), Periods.of(List.of(chunk(T0, 60_000, 2_000, true)), "s1", T0 + 60_000, T0 + DAY, 1_000));
    assertEquals(List.of(), Periods.of(List.of(), "s1", T0, T0 + DAY, 1_000));
  }
}

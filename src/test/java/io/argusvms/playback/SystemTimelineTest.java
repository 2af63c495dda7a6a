package io.argusvms.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.KeyframeEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemTimelineTest {
  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  /** A sealed chunk with a keyframe every second, 1000 bytes per second. */
  static ChunkRecord chunk(long startMs, long durationMs) {
    List<KeyframeEntry> k = new ArrayList<>();
    for (long t = 0; t < durationMs; t += 1000) k.add(new KeyframeEntry(startMs + t, t));
    return new ChunkRecord("cam", startMs, startMs + durationMs, "/a/" + startMs + ".ts", durationMs, k, true);
  }

  @Test
  void failoverWithClocksSecondsApartTrimsTheLaterServersStartToAKeyframeAfterTheEarlierEnd() {
    // A recorded 0..10 s; B's clock is 2.5 s behind, so its chunk claims to start at 7.5 s.
    var a = new SourcedChunk("A", chunk(T0, 10_000));
    var b = new SourcedChunk("B", chunk(T0 + 7_500, 10_000));
    List<SourcedChunk> t = SystemTimeline.trim(List.of(b, a));
    assertEquals(List.of("A", "B"), t.stream().map(SourcedChunk::serverId).toList());
    ChunkRecord trimmed = t.get(1).chunk();
    assertEquals(T0 + 10_500, trimmed.startMs()); // first keyframe at or after 10 s
    assertEquals(T0 + 17_500, trimmed.endMs());
    assertEquals(3_000, trimmed.keyframes().get(0).byteOffset());
  }

  @Test
  void partitionWhereBothRecordedKeepsTheEarlierStartAndDropsWhatIsCoveredWhole() {
    var a = new SourcedChunk("A", chunk(T0, 20_000));
    var inside = new SourcedChunk("B", chunk(T0 + 5_000, 10_000)); // wholly inside A's
    var after = new SourcedChunk("B", chunk(T0 + 15_000, 10_000));
    List<SourcedChunk> t = SystemTimeline.trim(List.of(a, inside, after));
    assertEquals(2, t.size(), t.toString());
    assertEquals(T0 + 20_000, t.get(1).chunk().startMs());
  }

  /**
   * A kill -9 with a standby: A recorded 4 s chunks up to 20 s; the standby S wrote its buffer
   * from 11 s on, in 4 s chunks of its own. Chunk by chunk the rule alternated A, S, A, S at every
   * boundary, and each switch lost the frames up to the next keyframe; by runs it switches once.
   */
  @Test
  void aStandbysBufferOverlappingManyChunksSwitchesServerOnce() {
    List<SourcedChunk> in = new ArrayList<>();
    for (long t = 0; t < 20_000; t += 4_000) in.add(new SourcedChunk("A", chunk(T0 + t, 4_000)));
    for (long t = 11_000; t < 31_000; t += 4_000) in.add(new SourcedChunk("S", chunk(T0 + t + 300, 4_000)));
    List<SourcedChunk> t = SystemTimeline.trim(in);
    List<String> servers = t.stream().map(SourcedChunk::serverId).toList();
    assertEquals(List.of("A", "A", "A", "A", "A", "S", "S", "S"), servers, t.toString());
    assertEquals(T0 + 20_300, t.get(5).chunk().startMs(), "the first keyframe at or after A's end");
    long lost = 0;
    for (int i = 1; i < t.size(); i++) lost += Math.max(0, t.get(i).chunk().startMs() - t.get(i - 1).chunk().endMs());
    assertEquals(300, lost, "less than a GOP in all");
  }

  @Test
  void overlapsWithinOneServerAreLeftAlone() {
    var a1 = new SourcedChunk("A", chunk(T0, 10_000));
    var a2 = new SourcedChunk("A", chunk(T0 + 9_000, 10_000));
    assertEquals(T0 + 9_000, SystemTimeline.trim(List.of(a1, a2)).get(1).chunk().startMs());
  }

  @Test
  void periodsOfTwoServersAreMergedSortedAndTheLaterOnesStartIsTrimmed() {
    List<Period> p = SystemTimeline.periods(List.of(
        new Period(T0 + 8_000, T0 + 20_000, "B", true),
        new Period(T0, T0 + 10_000, "A", true),
        new Period(T0 + 30_000, T0 + 40_000, "A", true)), List.of());
    assertEquals(List.of(
        new Period(T0, T0 + 10_000, "A", true),
        new Period(T0 + 10_000, T0 + 20_000, "B", true),
        new Period(T0 + 30_000, T0 + 40_000, "A", true)), p);
  }

  @Test
  void offlineServersPeriodsAreListedUnavailableOnlyWhereNoAvailableVideoCoversThem() {
    ArchiveSummary offline = new ArchiveSummary(List.of(new ArchiveSummary.Span(T0, T0 + 30_000)));
    List<Period> p = SystemTimeline.periods(List.of(new Period(T0 + 10_000, T0 + 20_000, "B", true)),
        SystemTimeline.unavailable(Map.of("A", offline), T0 - 1_000, T0 + 25_000));
    assertEquals(List.of(
        new Period(T0, T0 + 10_000, "A", false),
        new Period(T0 + 10_000, T0 + 20_000, "B", true),
        new Period(T0 + 20_000, T0 + 25_000, "A", false)), p);
  }

  @Test
  void nothingRecordedIsAnEmptyList() {
    assertTrue(SystemTimeline.periods(List.of(), List.of()).isEmpty());
    assertTrue(SystemTimeline.trim(List.of()).isEmpty());
  }

  @Test
  void summaryIsRepublishedOnNewSpansOrAfter30sOfGrowthOnly() {
    ArchiveSummary s = ArchiveSummary.of(List.of(chunk(T0, 10_000)));
    assertTrue(s.differsMuchFrom(null));
    assertTrue(!s.extend(List.of(chunk(T0 + 10_000, 20_000))).differsMuchFrom(s));
    assertTrue(s.extend(List.of(chunk(T0 + 10_000, 31_000))).differsMuchFrom(s));
    assertTrue(s.extend(List.of(chunk(T0 + 60_000, 1_000))).differsMuchFrom(s));
  }

  @Test
  void summaryJoinsShortGapsKeepsLongOnesAndIsBounded() {
    ArchiveSummary s = ArchiveSummary.of(List.of(chunk(T0, 10_000), chunk(T0 + 15_000, 5_000), chunk(T0 + 60_000, 5_000)));
    assertEquals(List.of(new ArchiveSummary.Span(T0, T0 + 20_000), new ArchiveSummary.Span(T0 + 60_000, T0 + 65_000)),
        s.spans());
    assertEquals(s, s.extend(List.of(chunk(T0 + 60_000, 5_000))));
    List<ChunkRecord> many = new ArrayList<>();
    for (int i = 0; i < ArchiveSummary.MAX_SPANS + 50; i++) many.add(chunk(T0 + i * 60_000L, 1_000));
    ArchiveSummary big = ArchiveSummary.of(many);
    assertEquals(ArchiveSummary.MAX_SPANS, big.spans().size());
    assertEquals(T0 + (ArchiveSummary.MAX_SPANS + 49) * 60_000L, big.spans().get(big.spans().size() - 1).startMs());
  }
}

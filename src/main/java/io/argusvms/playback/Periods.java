package io.argusvms.playback;

import io.argusvms.archive.ChunkRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Turns chunks into recorded periods (pure). */
public final class Periods {
  private Periods() {}

  /**
   * Joins chunks of one server whose gap is at most {@code joinGapMs} into periods, clipped to
   * [fromMs, toMs), sorted by start. Overlapping chunks (a clock step, a re-indexed file) simply
   * merge. Periods that clip to nothing are left out.
   */
  public static List<Period> of(List<ChunkRecord> chunks, String serverId, long fromMs, long toMs, long joinGapMs) {
    List<ChunkRecord> sorted = new ArrayList<>(chunks);
    sorted.sort(Comparator.comparingLong(ChunkRecord::startMs));
    List<Period> periods = new ArrayList<>();
    long start = 0;
    long end = 0;
    boolean open = false;
    for (ChunkRecord chunk : sorted) {
      if (chunk.endMs() <= chunk.startMs()) {
        continue; // an empty chunk (just opened, nothing flushed) is no recording yet
      }
      if (open && chunk.startMs() - end <= joinGapMs) {
        end = Math.max(end, chunk.endMs());
        continue;
      }
      if (open) {
        addClipped(periods, start, end, serverId, fromMs, toMs);
      }
      start = chunk.startMs();
      end = chunk.endMs();
      open = true;
    }
    if (open) {
      addClipped(periods, start, end, serverId, fromMs, toMs);
    }
    return List.copyOf(periods);
  }

  private static void addClipped(List<Period> out, long start, long end, String serverId, long fromMs, long toMs) {
    long clippedStart = Math.max(start, fromMs);
    long clippedEnd = Math.min(end, toMs);
    if (clippedStart < clippedEnd) {
      out.add(new Period(clippedStart, clippedEnd, serverId, true));
    }
  }
}

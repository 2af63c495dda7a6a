package io.argusvms.playback;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.KeyframeEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One timeline of a camera's archive across servers (pure).
 *
 * <p><b>Overlap rule: the earlier start wins.</b> Two servers may hold video of the same moment:
 * clocks a few seconds apart at a failover, or both recording during a network partition. Going
 * through the chunks in start order, a chunk of another server that starts before the video
 * already on the timeline ends is trimmed: its start moves to its first keyframe at or after that
 * end (keyframe granularity, so a segment always begins at a keyframe). A chunk with no keyframe
 * left is dropped. Overlaps within one server's archive (a re-indexed file) are left as they are.
 * Periods follow the same rule at millisecond granularity ({@link #periods}).
 */
public final class SystemTimeline {
  private SystemTimeline() {}

  /** The chunks in start order with the overlap rule applied; sorted by start, then server id. */
  public static List<SourcedChunk> trim(List<SourcedChunk> chunks) {
    List<SourcedChunk> sorted = new ArrayList<>(chunks);
    sorted.sort(Comparator.comparingLong((SourcedChunk c) -> c.chunk().startMs()).thenComparing(SourcedChunk::serverId));
    List<SourcedChunk> out = new ArrayList<>(sorted.size());
    long coveredUntil = Long.MIN_VALUE;
    String coveredBy = null;
    for (SourcedChunk sc : sorted) {
      ChunkRecord c = sc.chunk();
      if (c.endMs() <= c.startMs()) continue; // nothing flushed yet
      if (coveredBy != null && !coveredBy.equals(sc.serverId()) && c.startMs() < coveredUntil) {
        ChunkRecord trimmed = startAtOrAfter(c, coveredUntil);
        if (trimmed == null) continue;
        sc = new SourcedChunk(sc.serverId(), trimmed, sc.ownerStartMs());
        c = trimmed;
      }
      out.add(sc);
      if (c.endMs() > coveredUntil) {
        coveredUntil = c.endMs();
        coveredBy = sc.serverId();
      }
    }
    return out;
  }

  /** The chunk from its first keyframe at or after {@code timeMs}; null if there is none. */
  static ChunkRecord startAtOrAfter(ChunkRecord c, long timeMs) {
    List<KeyframeEntry> kept = new ArrayList<>();
    for (KeyframeEntry k : c.keyframes()) {
      if (k.timeMs() >= timeMs && k.byteOffset() < c.sizeBytes()) kept.add(k);
    }
    if (kept.isEmpty() || kept.get(0).timeMs() >= c.endMs()) return null;
    return new ChunkRecord(c.cameraId(), kept.get(0).timeMs(), c.endMs(), c.path(), c.sizeBytes(), kept, c.sealed());
  }

  /**
   * Merges the periods of every server into one sorted list. Available periods (servers that
   * answered) follow the overlap rule among themselves: a later-starting period's start is moved to
   * the end of what is already covered, and one that is covered whole is left out. Unavailable
   * periods (from the replicated summary of servers that are offline or did not answer) are listed
   * only where no available period covers the time, since that video can be played from elsewhere.
   */
  public static List<Period> periods(List<Period> available, List<Period> unavailable) {
    List<Period> merged = earlierWins(available);
    List<Period> out = new ArrayList<>(merged);
    for (Period p : earlierWins(unavailable)) {
      out.addAll(minus(p, merged));
    }
    out.sort(Comparator.comparingLong(Period::startMs).thenComparing(Period::serverId));
    return List.copyOf(out);
  }

  private static List<Period> earlierWins(List<Period> periods) {
    List<Period> sorted = new ArrayList<>(periods);
    sorted.sort(Comparator.comparingLong(Period::startMs).thenComparing(Period::serverId));
    List<Period> out = new ArrayList<>();
    long covered = Long.MIN_VALUE;
    for (Period p : sorted) {
      long start = Math.max(p.startMs(), covered);
      if (start < p.endMs()) out.add(new Period(start, p.endMs(), p.serverId(), p.available()));
      covered = Math.max(covered, p.endMs());
    }
    return out;
  }

  /** The parts of {@code p} outside the sorted, non-overlapping {@code cover}. */
  private static List<Period> minus(Period p, List<Period> cover) {
    List<Period> out = new ArrayList<>();
    long start = p.startMs();
    for (Period c : cover) {
      if (c.endMs() <= start) continue;
      if (c.startMs() >= p.endMs()) break;
      if (c.startMs() > start) out.add(new Period(start, c.startMs(), p.serverId(), p.available()));
      start = Math.max(start, c.endMs());
      if (start >= p.endMs()) break;
    }
    if (start < p.endMs()) out.add(new Period(start, p.endMs(), p.serverId(), p.available()));
    return out;
  }

  /** The coarse summary's spans of one server as unavailable periods clipped to [fromMs, toMs). */
  public static List<Period> unavailable(String serverId, ArchiveSummary summary, long fromMs, long toMs) {
    List<Period> out = new ArrayList<>();
    for (ArchiveSummary.Span s : summary.spans()) {
      long a = Math.max(s.startMs(), fromMs);
      long b = Math.min(s.endMs(), toMs);
      if (a < b) out.add(new Period(a, b, serverId, false));
    }
    return out;
  }

  /** Unavailable periods of several servers (serverId -> summary). */
  public static List<Period> unavailable(Map<String, ArchiveSummary> summaries, long fromMs, long toMs) {
    List<Period> out = new ArrayList<>();
    summaries.forEach((server, summary) -> out.addAll(unavailable(server, summary, fromMs, toMs)));
    return out;
  }
}

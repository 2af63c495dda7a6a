package io.argusvms.playback;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbers the segments of one camera's live playlist the way HLS wants (RFC 8216 6.2.2): a segment
 * keeps its media sequence number across reloads, the numbers of a playlist are consecutive, and
 * they never go backwards. Also numbers its discontinuities (one per chunk) the same way.
 *
 * <p>Numbers are handed out in the order segments are first seen, starting from a base given at
 * creation; the server passes the wall clock in ms at creation, so a restarted server starts above
 * every number it handed out before (it would need more than one new segment per millisecond to
 * catch up). State is per server and in memory: another server, or this one after a restart,
 * numbers from its own base, and a player that switches servers sees a jump forward.
 *
 * <p>Thread-safe; one instance per camera.
 */
public final class LiveSequence {

  /** A segment by what does not change as its chunk grows: the chunk's start and keyframe index. */
  record SegmentId(long chunkStartMs, int keyframeIndex) {}

  private final Numbering<SegmentId> segments;
  private final Numbering<Long> chunks;

  public LiveSequence(long base) {
    segments = new Numbering<>(base);
    chunks = new Numbering<>(base);
  }

  /** Numbers of a window, oldest first. */
  record Numbers(long mediaSequence, long discontinuitySequence) {}

  /**
   * Numbers the window (segments oldest first): the media sequence of its first segment, and the
   * discontinuity sequence of its first chunk.
   */
  synchronized Numbers number(List<Segment> window) {
    List<SegmentId> ids = window.stream()
        .map(s -> new SegmentId(s.chunk().startMs(), s.keyframeIndex())).toList();
    List<Long> chunkStarts = window.stream().map(s -> s.chunk().startMs()).distinct().toList();
    return new Numbers(segments.first(ids), chunks.first(chunkStarts));
  }

  /** Consecutive, stable numbers for windows of keys that move forward. */
  private static final class Numbering<K> {
    private final Map<K, Long> numbers = new HashMap<>();
    private long next;

    Numbering(long base) {
      next = base;
    }

    /** The number of the window's first key; key i gets first + i. */
    long first(List<K> window) {
      if (window.isEmpty()) {
        return next;
      }
      long known = firstFromKnown(window);
      // Keys that came in an order that cannot keep both rules (a chunk appeared inside the
      // window): renumber the whole window above everything handed out, a jump forward.
      long first = fits(window, known) ? known : next;
      for (int i = 0; i < window.size(); i++) {
        numbers.put(window.get(i), first + i);
      }
      next = Math.max(next, first + window.size());
      // Keys that left the window do not come back: forget them so memory stays one window.
      numbers.values().removeIf(n -> n < first);
      return first;
    }

    private long firstFromKnown(List<K> window) {
      for (int i = 0; i < window.size(); i++) {
        Long n = numbers.get(window.get(i));
        if (n != null) {
          return n - i;
        }
      }
      return next;
    }

    /** Known keys keep their numbers, new keys get numbers never handed out. */
    private boolean fits(List<K> window, long first) {
      for (int i = 0; i < window.size(); i++) {
        Long n = numbers.get(window.get(i));
        if (n != null ? n != first + i : first + i < next) {
          return false;
        }
      }
      return true;
    }
  }
}

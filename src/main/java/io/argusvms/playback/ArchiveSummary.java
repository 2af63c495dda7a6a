package io.argusvms.playback;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.system.CborSerializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A coarse, bounded summary of what one server recorded of one camera, replicated to every server
 * so that the periods of a server that is offline can still be listed (as unavailable). Chunks are
 * joined across gaps up to {@link #JOIN_GAP_MS}; only the newest {@link #MAX_SPANS} spans are kept.
 */
public record ArchiveSummary(List<Span> spans) implements CborSerializable {
  public static final long JOIN_GAP_MS = 10_000;
  public static final int MAX_SPANS = 200;

  public record Span(long startMs, long endMs) implements CborSerializable {}

  public ArchiveSummary {
    spans = List.copyOf(spans);
  }

  public static ArchiveSummary of(List<ChunkRecord> chunks) {
    return new ArchiveSummary(List.of()).extend(chunks);
  }

  /** This summary with more chunks joined in (chunks already covered change nothing). */
  public ArchiveSummary extend(List<ChunkRecord> chunks) {
    List<Span> all = new ArrayList<>(spans);
    for (ChunkRecord c : chunks) {
      if (c.endMs() > c.startMs()) all.add(new Span(c.startMs(), c.endMs()));
    }
    all.sort(Comparator.comparingLong(Span::startMs));
    List<Span> joined = new ArrayList<>();
    for (Span s : all) {
      Span last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
      if (last != null && s.startMs() - last.endMs() <= JOIN_GAP_MS) {
        joined.set(joined.size() - 1, new Span(last.startMs(), Math.max(last.endMs(), s.endMs())));
      } else {
        joined.add(s);
      }
    }
    return new ArchiveSummary(joined.subList(Math.max(0, joined.size() - MAX_SPANS), joined.size()));
  }

  /** Growth of the newest span's end that is not worth a replicated write on its own. */
  public static final long REPUBLISH_GROWTH_MS = 30_000;

  /**
   * Whether this summary is worth replicating over {@code old}: a span came, went or moved, or
   * the newest span grew by more than {@link #REPUBLISH_GROWTH_MS}. A recording camera thus costs
   * a write every 30 s, not every tick; an offline server's newest end is at most that stale.
   */
  public boolean differsMuchFrom(ArchiveSummary old) {
    if (old == null || old.spans.size() != spans.size()) return true;
    for (int i = 0; i < spans.size(); i++) {
      Span a = spans.get(i);
      Span b = old.spans.get(i);
      boolean newest = i == spans.size() - 1;
      if (a.startMs() != b.startMs()) return true;
      if (newest ? Math.abs(a.endMs() - b.endMs()) > REPUBLISH_GROWTH_MS : a.endMs() != b.endMs()) return true;
    }
    return false;
  }

  /** End of the newest span, or Long.MIN_VALUE when empty. */
  public long endMs() {
    return spans.isEmpty() ? Long.MIN_VALUE : spans.get(spans.size() - 1).endMs();
  }

  public boolean isEmpty() {
    return spans.isEmpty();
  }
}

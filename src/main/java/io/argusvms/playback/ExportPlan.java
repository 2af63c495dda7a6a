package io.argusvms.playback;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.KeyframeEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which bytes of which chunks an export reads, and where each chunk lands on the output timeline
 * (pure).
 *
 * <p><b>Gaps are closed.</b> Chunks that follow each other within {@link #MAX_KEPT_GAP_MS} keep
 * their wall-clock spacing (that is recording jitter, not a gap); a longer gap (recording stopped,
 * camera offline) is cut out, so an export of a day with two short events is not a day of frozen
 * picture. The output therefore lasts as long as the recorded video in the span.
 */
record ExportPlan(List<Piece> pieces) {

  static final long MAX_KEPT_GAP_MS = 1_000;

  /**
   * One chunk's part of the export.
   *
   * @param byteOffset where reading starts (a keyframe's PAT/PMT)
   * @param startMs wall-clock time of the keyframe at {@code byteOffset}
   * @param outStartMs where that keyframe lands on the output timeline (0 = first frame)
   */
  record Piece(ChunkRecord chunk, long byteOffset, long startMs, long outStartMs) {}

  ExportPlan {
    pieces = List.copyOf(pieces);
  }

  boolean isEmpty() {
    return pieces.isEmpty();
  }

  /** The chunks overlapping [fromMs, toMs), the first one from its keyframe at or before fromMs. */
  static ExportPlan of(List<ChunkRecord> chunks, long fromMs, long toMs) {
    List<ChunkRecord> sorted = new ArrayList<>(chunks);
    sorted.sort(Comparator.comparingLong(ChunkRecord::startMs));
    List<Piece> pieces = new ArrayList<>();
    Piece previous = null;
    for (ChunkRecord chunk : sorted) {
      if (chunk.startMs() >= toMs || chunk.endMs() <= fromMs || chunk.keyframes().isEmpty() || chunk.sizeBytes() <= 0) {
        continue;
      }
      KeyframeEntry start = previous == null ? keyframeAtOrBefore(chunk, fromMs) : chunk.keyframes().get(0);
      long outStartMs;
      if (previous == null) {
        outStartMs = 0;
      } else {
        long previousEndOut = previous.outStartMs() + (previous.chunk().endMs() - previous.startMs());
        long gap = start.timeMs() - previous.chunk().endMs();
        outStartMs = previousEndOut + (gap > 0 && gap <= MAX_KEPT_GAP_MS ? gap : 0);
      }
      Piece piece = new Piece(chunk, start.byteOffset(), start.timeMs(), outStartMs);
      pieces.add(piece);
      previous = piece;
    }
    return new ExportPlan(pieces);
  }

  private static KeyframeEntry keyframeAtOrBefore(ChunkRecord chunk, long timeMs) {
    KeyframeEntry best = chunk.keyframes().get(0);
    for (KeyframeEntry keyframe : chunk.keyframes()) {
      if (keyframe.timeMs() <= timeMs && keyframe.byteOffset() < chunk.sizeBytes()) {
        best = keyframe;
      }
    }
    return best;
  }
}

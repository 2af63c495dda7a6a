package io.argusvms.playback;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.KeyframeEntry;
import java.util.ArrayList;
import java.util.List;

/** Cuts a chunk into its complete segments, using the catalog's keyframe index (pure). */
final class ChunkSegments {
  private ChunkSegments() {}

  /**
   * Segments of a chunk in time order. Each runs from a keyframe to the next one. A sealed chunk's
   * last segment runs to {@code sizeBytes} and {@code endMs}; an open chunk's bytes after its last
   * keyframe are still being written, so they are not a segment yet. Keyframes whose offset lies
   * beyond the flushed size are ignored (the index may be a flush ahead of the file).
   */
  static List<Segment> of(ChunkRecord chunk) {
    List<KeyframeEntry> keyframes = usableKeyframes(chunk);
    List<Segment> segments = new ArrayList<>(keyframes.size());
    for (int i = 0; i < keyframes.size(); i++) {
      KeyframeEntry start = keyframes.get(i);
      long endMs;
      long endOffset;
      if (i + 1 < keyframes.size()) {
        endMs = keyframes.get(i + 1).timeMs();
        endOffset = keyframes.get(i + 1).byteOffset();
      } else if (chunk.sealed()) {
        endMs = Math.max(chunk.endMs(), start.timeMs());
        endOffset = chunk.sizeBytes();
      } else {
        break;
      }
      long length = endOffset - start.byteOffset();
      if (length > 0) {
        segments.add(new Segment(chunk, i, start.timeMs(), endMs, start.byteOffset(), length));
      }
    }
    return segments;
  }

  private static List<KeyframeEntry> usableKeyframes(ChunkRecord chunk) {
    List<KeyframeEntry> usable = new ArrayList<>(chunk.keyframes().size());
    long lastOffset = -1;
    for (KeyframeEntry keyframe : chunk.keyframes()) {
      if (keyframe.byteOffset() > lastOffset && keyframe.byteOffset() < chunk.sizeBytes()) {
        usable.add(keyframe);
        lastOffset = keyframe.byteOffset();
      }
    }
    return usable;
  }
}

package io.argusvms.playback;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.KeyframeEntry;
import java.util.List;
import java.util.Optional;

/**
 * Which keyframe a snapshot shows: the newest one at or before the time asked whose GOP is whole
 * on disk (another keyframe follows it in its chunk, or a later chunk of the same server begins
 * after it), so its bytes are flushed and it decodes. Live, that is at most a GOP and a flush old.
 * Pure.
 *
 * @param offset where the keyframe's MPEG-TS begins in the chunk (the PAT before it)
 * @param length bytes from there to the next keyframe, at most {@link #MAX_BYTES}
 */
record SnapshotPlan(ChunkRecord chunk, long keyframeMs, long offset, long length) {
  /** A keyframe needs far less; a camera with a huge GOP is not read to its end. */
  static final long MAX_BYTES = 4L << 20;

  /** @param chunks one timeline of the camera (the System's, trimmed), in start order */
  static Optional<SnapshotPlan> at(List<ChunkRecord> chunks, long atMs) {
    SnapshotPlan best = null;
    for (int c = 0; c < chunks.size(); c++) {
      ChunkRecord chunk = chunks.get(c);
      List<KeyframeEntry> keys = chunk.keyframes();
      boolean followed = c + 1 < chunks.size() && chunks.get(c + 1).startMs() >= chunk.endMs() - 1;
      for (int i = 0; i < keys.size(); i++) {
        KeyframeEntry k = keys.get(i);
        if (k.timeMs() > atMs || (best != null && k.timeMs() <= best.keyframeMs())) continue;
        boolean last = i + 1 == keys.size();
        if (last && !followed) continue; // its GOP may still be on its way to disk
        long end = last ? chunk.sizeBytes() : keys.get(i + 1).byteOffset();
        long length = Math.min(MAX_BYTES, end - k.byteOffset());
        if (length > 0) best = new SnapshotPlan(chunk, k.timeMs(), k.byteOffset(), length);
      }
    }
    return Optional.ofNullable(best);
  }
}

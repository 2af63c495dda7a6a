package io.argusvms.playback;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.KeyframeEntry;
import java.util.ArrayList;
import java.util.List;

/** Catalog records without files, for the pure playlist and period tables. */
final class SyntheticChunks {
  /** 2024-05-01T12:00:00Z. */
  static final long T0 = 1_714_564_800_000L;

  private SyntheticChunks() {}

  /** A chunk with a keyframe every {@code gopMs} and 1 byte per ms, so offsets read like times. */
  static ChunkRecord chunk(long startMs, long durationMs, long gopMs, boolean sealed) {
    List<KeyframeEntry> keyframes = new ArrayList<>();
    for (long t = 0; t < durationMs; t += gopMs) {
      keyframes.add(new KeyframeEntry(startMs + t, t));
    }
    return new ChunkRecord("cam", startMs, startMs + durationMs, "/archive/cam/" + startMs + ".ts", durationMs, keyframes, sealed);
  }

  static String url(ChunkRecord chunk) {
    return "/media/" + chunk.startMs() + ".ts";
  }
}

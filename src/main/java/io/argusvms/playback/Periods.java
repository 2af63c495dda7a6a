package io.argusvms.playback;

import io.argusvms.archive.ChunkRecord;
import java.util.List;

/** Turns chunks into recorded periods (pure). STUB: filled in by the playback work. */
public final class Periods {
  private Periods() {}

  /**
   * Joins chunks of one server whose gap is at most {@code joinGapMs} into periods, clipped to
   * [fromMs, toMs), sorted by start.
   */
  public static List<Period> of(List<ChunkRecord> chunks, String serverId, long fromMs, long toMs, long joinGapMs) {
    throw new UnsupportedOperationException("playback work in progress");
  }
}

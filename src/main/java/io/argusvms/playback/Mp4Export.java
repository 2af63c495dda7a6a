package io.argusvms.playback;

import io.argusvms.archive.ChunkRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Remuxes (no transcode) the chunks of a span into one MP4. STUB: filled in by the playback work. */
public final class Mp4Export {
  private Mp4Export() {}

  /**
   * Writes a fragmented MP4 (streamable, no seek on the output) of [fromMs, toMs) to {@code out},
   * starting at the keyframe at or before fromMs. Blocking: run it off Pekko's dispatchers.
   */
  public static void write(List<ChunkRecord> chunks, long fromMs, long toMs, OutputStream out) throws IOException {
    throw new UnsupportedOperationException("playback work in progress");
  }
}

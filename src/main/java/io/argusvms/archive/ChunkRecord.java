package io.argusvms.archive;

import java.util.List;

/**
 * One MPEG-TS chunk file of one camera, as the catalog knows it.
 *
 * <p>A chunk is written for about a minute; while it is open ({@code sealed == false}) the writer
 * updates this record on every flush, so playback sees recent video within a second or two.
 * Times are wall-clock UTC milliseconds; {@code sizeBytes} counts only bytes already flushed to the
 * file, so every byte range built from this record is readable.
 *
 * @param path absolute path of the chunk file
 * @param keyframes keyframes in time order; the first one is at {@code startMs}, offset 0
 */
public record ChunkRecord(
    String cameraId,
    long startMs,
    long endMs,
    String path,
    long sizeBytes,
    List<KeyframeEntry> keyframes,
    boolean sealed) {

  public ChunkRecord {
    keyframes = List.copyOf(keyframes);
  }

  public long durationMs() {
    return endMs - startMs;
  }

  public ChunkRecord sealedCopy() {
    return new ChunkRecord(cameraId, startMs, endMs, path, sizeBytes, keyframes, true);
  }
}

package io.argusvms.recording;

import io.argusvms.archive.ChunkRecord;

/**
 * Where a recording session reports its chunks: on every flush of an open chunk (so playback can
 * see it) and once more when the chunk is sealed. In the server this is the {@code ChunkCatalog}.
 */
@FunctionalInterface
public interface ChunkSink {
  void chunkUpdated(ChunkRecord chunk);
}

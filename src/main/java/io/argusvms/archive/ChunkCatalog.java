package io.argusvms.archive;

import java.util.List;
import java.util.Optional;

/**
 * The one index of this server's archive: recording writes it, retention and recovery clean it,
 * playback reads it. Keyed by camera id and start time. Implementations are thread-safe; calls
 * may block on disk and must not run on a Pekko dispatcher thread that serves actors.
 */
public interface ChunkCatalog extends AutoCloseable {

  /** Inserts or replaces the chunk with this camera id and start time. */
  void put(ChunkRecord chunk);

  /** Chunks of one camera that overlap [fromMs, toMs), in start order. */
  List<ChunkRecord> find(String cameraId, long fromMs, long toMs);

  /** The newest chunk of a camera, if any (the open one while recording). */
  Optional<ChunkRecord> latest(String cameraId);

  /** Up to {@code limit} chunks of all cameras, oldest start first (for retention). */
  List<ChunkRecord> oldest(int limit);

  /** Every chunk of every camera (recovery; small archives and tests). */
  List<ChunkRecord> all();

  void delete(String cameraId, long startMs);

  /** Sum of {@code sizeBytes} over all chunks. */
  long totalBytes();

  @Override
  void close();
}

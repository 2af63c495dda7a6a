package io.argusvms.archive;

import io.argusvms.system.StorageInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The bytes of this server's archive, behind one boundary: recorders write new chunks through
 * {@link #camera}, playback and export read ranges, retention deletes, recovery lists what is
 * stored. The catalog ({@link ChunkCatalog}) says which chunks exist; this says where their bytes
 * are. Local disk ({@link StorageLayout}) is the only implementation. Every call may block.
 */
public interface MediaStore {

  /** One camera's part of the archive, as its recorder writes it. */
  CameraMedia camera(String cameraId);

  /**
   * {@code length} bytes of a chunk from {@code offset}, inside its flushed size ({@code sizeBytes});
   * the stream ends after exactly that many bytes.
   *
   * @throws IllegalArgumentException if the range is not inside [0, sizeBytes)
   * @throws IOException if the media is gone (e.g. removed by retention) or shorter than the catalog says
   */
  InputStream open(ChunkRecord chunk, long offset, long length) throws IOException;

  /** True when the chunk's media can be read now. */
  boolean isReadable(ChunkRecord chunk);

  /**
   * Deletes a chunk's media (gone already counts as deleted), and tidies what held it once empty,
   * except what may receive a recorder's next chunk at {@code now}.
   */
  void delete(ChunkRecord chunk, Instant now) throws IOException;

  /** Where the media is, for operators' log lines. */
  String location();

  /** Every chunk file stored, with the camera and start its place in the layout names. */
  List<StoredChunk> storedChunks() throws IOException;

  /** A stored chunk file; {@code startMs} is -1 when its name carries no start time. */
  record StoredChunk(String cameraId, long startMs, Path file) {}

  /** Sizes of the storage and whether a write works now. */
  StorageInfo storageInfo();

  /** Usable bytes left (for retention). */
  long freeBytes();
}

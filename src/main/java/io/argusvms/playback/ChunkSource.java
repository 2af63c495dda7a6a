package io.argusvms.playback;

import io.argusvms.archive.ChunkRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the bytes of a chunk come from: this server's disk, or another server's API (blocking). */
public interface ChunkSource {
  InputStream open(ChunkRecord chunk, long offset, long length) throws IOException;

  /** Fails before the first byte goes out if the chunk is known to be unreadable. */
  default void check(ChunkRecord chunk) throws IOException {}

  ChunkSource LOCAL = new ChunkSource() {
    @Override
    public InputStream open(ChunkRecord chunk, long offset, long length) throws IOException {
      return ChunkMedia.openRange(chunk, offset, length);
    }

    @Override
    public void check(ChunkRecord chunk) throws IOException {
      Path path = Path.of(chunk.path());
      if (!Files.isReadable(path)) throw new IOException("chunk file is missing or unreadable: " + path);
    }
  };
}

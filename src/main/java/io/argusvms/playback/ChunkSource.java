package io.argusvms.playback;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.MediaStore;
import java.io.IOException;
import java.io.InputStream;

/** Where the bytes of a chunk come from: this server's media store, or another server's API (blocking). */
public interface ChunkSource {
  InputStream open(ChunkRecord chunk, long offset, long length) throws IOException;

  /** Fails before the first byte goes out if the chunk is known to be unreadable. */
  default void check(ChunkRecord chunk) throws IOException {}

  /** This server's own media. */
  static ChunkSource local(MediaStore store) {
    return new ChunkSource() {
      @Override
      public InputStream open(ChunkRecord chunk, long offset, long length) throws IOException {
        return store.open(chunk, offset, length);
      }

      @Override
      public void check(ChunkRecord chunk) throws IOException {
        if (!store.isReadable(chunk)) throw new IOException("chunk media is missing or unreadable: " + chunk.path());
      }
    };
  }
}

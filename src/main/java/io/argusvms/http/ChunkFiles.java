package io.argusvms.http;

import io.argusvms.archive.ChunkRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a byte range of a chunk file. Stands in for {@code io.argusvms.playback.ChunkMedia.openRange}
 * until that lands (it will also reach chunks on other servers). Blocking: call it off Pekko's
 * dispatchers (StreamConverters.fromInputStream runs it on the blocking-io dispatcher).
 */
final class ChunkFiles {
  private ChunkFiles() {}

  static InputStream openRange(ChunkRecord chunk, long offset, long length) throws IOException {
    FileChannel ch = FileChannel.open(Path.of(chunk.path()), StandardOpenOption.READ);
    try {
      ch.position(offset);
      return new BoundedInputStream(Channels.newInputStream(ch), length);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Stops after {@code remaining} bytes: a chunk still being written grows past the range asked for. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;

    BoundedInputStream(InputStream in, long remaining) {
      this.in = in;
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) return -1;
      int b = in.read();
      if (b >= 0) remaining--;
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (remaining <= 0) return -1;
      int n = in.read(buf, off, (int) Math.min(len, remaining));
      if (n > 0) remaining -= n;
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}

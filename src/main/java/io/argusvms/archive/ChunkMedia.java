package io.argusvms.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads the bytes of chunk files (blocking; run it off Pekko's dispatchers). */
final class ChunkMedia {
  private ChunkMedia() {}

  /**
   * Opens {@code length} bytes of the chunk file from {@code offset}. The range is checked against
   * the catalog's {@code sizeBytes} (bytes beyond it may not be flushed yet), not the file's current
   * size. The stream ends after exactly {@code length} bytes; close it.
   *
   * @throws IllegalArgumentException if the range is not inside [0, sizeBytes)
   * @throws IOException if the file is gone (e.g. removed by retention) or shorter than the catalog says
   */
  static InputStream openRange(ChunkRecord chunk, long offset, long length) throws IOException {
    if (offset < 0 || length < 0 || offset + length > chunk.sizeBytes()) {
      throw new IllegalArgumentException(
          "range " + offset + "+" + length + " outside chunk " + chunk.path() + " of " + chunk.sizeBytes() + " bytes");
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(Path.of(chunk.path()), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new IOException("chunk file is gone: " + chunk.path(), e);
    }
    try {
      if (channel.size() < offset + length) {
        throw new IOException("chunk file " + chunk.path() + " has " + channel.size()
            + " bytes, catalog promised " + (offset + length));
      }
      channel.position(offset);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return new Limited(Channels.newInputStream(channel), length);
  }

  /** Ends the stream after a fixed number of bytes. */
  private static final class Limited extends FilterInputStream {
    private long remaining;

    Limited(InputStream in, long remaining) {
      super(in);
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = super.read(buffer, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(Math.min(n, remaining));
      remaining -= skipped;
      return skipped;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(super.available(), remaining);
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}

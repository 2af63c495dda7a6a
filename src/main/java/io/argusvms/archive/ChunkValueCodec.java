package io.argusvms.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compact, versioned encoding of a chunk record's value (everything but the key's camera id and
 * start time). Open chunks are re-put every second, so the encoding is small: varints, times as
 * deltas from the start, keyframes as deltas from the previous one (about 4 bytes per keyframe).
 *
 * <p>Layout, version 1: {@code version(1) flags(1: bit0 sealed) zigzag(endMs-startMs)
 * varint(sizeBytes) varint(pathLen) path(UTF-8) varint(keyframeCount)
 * {zigzag(timeDelta) zigzag(offsetDelta)}*}.
 */
final class ChunkValueCodec {
  static final int VERSION = 1;

  private ChunkValueCodec() {}

  static byte[] encode(ChunkRecord chunk) {
    byte[] path = chunk.path().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(24 + path.length + 6 * chunk.keyframes().size());
    out.write(VERSION);
    out.write(chunk.sealed() ? 1 : 0);
    writeVarLong(out, zigzag(chunk.endMs() - chunk.startMs()));
    writeVarLong(out, chunk.sizeBytes());
    writeVarLong(out, path.length);
    out.write(path, 0, path.length);
    writeVarLong(out, chunk.keyframes().size());
    long prevTime = chunk.startMs();
    long prevOffset = 0;
    for (KeyframeEntry k : chunk.keyframes()) {
      writeVarLong(out, zigzag(k.timeMs() - prevTime));
      writeVarLong(out, zigzag(k.byteOffset() - prevOffset));
      prevTime = k.timeMs();
      prevOffset = k.byteOffset();
    }
    return out.toByteArray();
  }

  /**
   * @throws CorruptValueException when the bytes are not a value this code wrote
   */
  static ChunkRecord decode(String cameraId, long startMs, byte[] value) {
    Reader in = new Reader(value);
    int version = in.readByte();
    if (version != VERSION) {
      throw new CorruptValueException("unknown value version " + version);
    }
    int flags = in.readByte();
    long endMs = startMs + unzigzag(in.readVarLong());
    long size = in.readVarLong();
    int pathLen = in.readLength();
    String path = new String(in.readBytes(pathLen), StandardCharsets.UTF_8);
    int count = in.readLength();
    List<KeyframeEntry> keyframes = new ArrayList<>(count);
    long time = startMs;
    long offset = 0;
    for (int i = 0; i < count; i++) {
      time += unzigzag(in.readVarLong());
      offset += unzigzag(in.readVarLong());
      keyframes.add(new KeyframeEntry(time, offset));
    }
    if (!in.atEnd()) {
      throw new CorruptValueException("trailing bytes after the value");
    }
    return new ChunkRecord(cameraId, startMs, endMs, path, size, keyframes, (flags & 1) != 0);
  }

  /** Only the size field, without decoding path and keyframes (the hot re-put path). */
  static long decodeSize(byte[] value) {
    Reader in = new Reader(value);
    int version = in.readByte();
    if (version != VERSION) {
      throw new CorruptValueException("unknown value version " + version);
    }
    in.readByte();
    in.readVarLong();
    return in.readVarLong();
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  private static void writeVarLong(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** A stored value that cannot be decoded (disk damage, or a format from a newer version). */
  static final class CorruptValueException extends RuntimeException {
    CorruptValueException(String message) {
      super(message);
    }
  }

  private static final class Reader {
    private final byte[] bytes;
    private int pos;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    int readByte() {
      if (pos >= bytes.length) {
        throw new CorruptValueException("value ends early");
      }
      return bytes[pos++] & 0xFF;
    }

    long readVarLong() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = readByte();
        result |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new CorruptValueException("varint too long");
    }

    int readLength() {
      long n = readVarLong();
      if (n < 0 || n > bytes.length - pos) {
        throw new CorruptValueException("length " + n + " exceeds the value");
      }
      return (int) n;
    }

    byte[] readBytes(int n) {
      byte[] out = Arrays.copyOfRange(bytes, pos, pos + n);
      pos += n;
      return out;
    }

    boolean atEnd() {
      return pos == bytes.length;
    }
  }
}

package io.argusvms.archive;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Catalog key of a chunk: camera id (UTF-8), a 0x00 separator, then the start time as a
 * big-endian long. LevelDB sorts keys bytewise, so one camera's chunks form one contiguous range
 * in start order, and the separator keeps "cam1" from sharing a range with "cam10" (0x00 sorts
 * before every byte a camera id may contain).
 */
final class ChunkKey {
  private static final byte SEPARATOR = 0x00;

  private ChunkKey() {}

  static byte[] of(String cameraId, long startMs) {
    if (startMs < 0) {
      // Big-endian two's complement would sort negative times after positive ones.
      throw new IllegalArgumentException("startMs must not be negative: " + startMs);
    }
    byte[] prefix = prefix(cameraId);
    return ByteBuffer.allocate(prefix.length + Long.BYTES).put(prefix).putLong(startMs).array();
  }

  /** True for an id a chunk can be stored under: not empty, no NUL (the key's separator). */
  static boolean isStorable(String cameraId) {
    return !cameraId.isEmpty() && cameraId.indexOf('\0') < 0;
  }

  /** Every key of this camera starts with these bytes. */
  static byte[] prefix(String cameraId) {
    byte[] id = cameraId.getBytes(StandardCharsets.UTF_8);
    if (id.length == 0) {
      throw new IllegalArgumentException("empty camera id");
    }
    for (byte b : id) {
      if (b == SEPARATOR) {
        throw new IllegalArgumentException("camera id contains a NUL character");
      }
    }
    byte[] prefix = Arrays.copyOf(id, id.length + 1);
    prefix[id.length] = SEPARATOR;
    return prefix;
  }

  /** The first key after every key of this camera (prefix with its separator bumped to 0x01). */
  static byte[] endOfCamera(String cameraId) {
    byte[] end = prefix(cameraId);
    end[end.length - 1] = SEPARATOR + 1;
    return end;
  }

  static boolean hasPrefix(byte[] key, byte[] prefix) {
    return key.length == prefix.length + Long.BYTES
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  static String cameraId(byte[] key) {
    return new String(key, 0, key.length - Long.BYTES - 1, StandardCharsets.UTF_8);
  }

  static long startMs(byte[] key) {
    return ByteBuffer.wrap(key, key.length - Long.BYTES, Long.BYTES).getLong();
  }

  /** True when the key has the shape camera id + separator + 8 bytes. */
  static boolean isWellFormed(byte[] key) {
    return key.length > Long.BYTES + 1 && key[key.length - Long.BYTES - 1] == SEPARATOR;
  }
}

package io.argusvms.live;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes ISO BMFF boxes (ISO/IEC 14496-12) big-endian into a growing array: {@link #open} a box,
 * write its fields, {@link #close} it, and its size is patched in.
 */
final class Boxes {
  private byte[] buf;
  private int len;

  Boxes(int capacity) {
    buf = new byte[Math.max(64, capacity)];
  }

  /** Starts a box of {@code type}; returns its start for {@link #close}. */
  int open(String type) {
    int start = len;
    u32(0);
    ascii(type);
    return start;
  }

  /** A full box: version and flags after the type. */
  int open(String type, int version, int flags) {
    int start = open(type);
    u32(((long) version << 24) | (flags & 0xffffff));
    return start;
  }

  void close(int start) {
    int size = len - start;
    buf[start] = (byte) (size >>> 24);
    buf[start + 1] = (byte) (size >>> 16);
    buf[start + 2] = (byte) (size >>> 8);
    buf[start + 3] = (byte) size;
  }

  Boxes u8(int v) {
    ensure(1);
    buf[len++] = (byte) v;
    return this;
  }

  Boxes u16(int v) {
    return u8(v >>> 8).u8(v);
  }

  Boxes u32(long v) {
    return u16((int) (v >>> 16)).u16((int) v);
  }

  Boxes u64(long v) {
    return u32(v >>> 32).u32(v);
  }

  Boxes zeros(int n) {
    ensure(n);
    len += n; // the array is zeroed where it grew
    return this;
  }

  Boxes ascii(String s) {
    return bytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  Boxes bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  Boxes bytes(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
    return this;
  }

  /** Overwrites 4 bytes at {@code at} (a field whose value is known only later). */
  void patch32(int at, long v) {
    buf[at] = (byte) (v >>> 24);
    buf[at + 1] = (byte) (v >>> 16);
    buf[at + 2] = (byte) (v >>> 8);
    buf[at + 3] = (byte) v;
  }

  int length() {
    return len;
  }

  byte[] toArray() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int n) {
    if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
  }
}

package io.argusvms.live;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264 access units in Annex B form (start codes, as RTSP readers hand them out) taken apart:
 * their NAL units, the parameter sets among them, and the length-prefixed form MP4 samples use.
 */
final class H264 {
  static final int SPS = 7;
  static final int PPS = 8;
  static final int AUD = 9;

  private H264() {}

  /** A NAL unit's place in an array. */
  record Nal(int offset, int length) {
    int type(byte[] b) {
      return b[offset] & 0x1f;
    }
  }

  /** The NAL units between start codes (00 00 01 or 00 00 00 01); empty ones skipped. */
  static List<Nal> nals(byte[] b, int off, int len) {
    List<Nal> out = new ArrayList<>();
    int end = off + len;
    int start = -1;
    int i = off;
    while (i + 2 < end) {
      if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
        if (start >= 0) add(out, b, start, i);
        i += 3;
        start = i;
      } else {
        i++;
      }
    }
    if (start >= 0) add(out, b, start, end);
    else if (len > 0) out.add(new Nal(off, len)); // no start code: one NAL unit
    return out;
  }

  private static void add(List<Nal> out, byte[] b, int start, int end) {
    while (end > start && b[end - 1] == 0) end--; // the zero of a 4-byte start code, trailing zeros
    if (end > start) out.add(new Nal(start, end - start));
  }

  /**
   * The sample of an MP4 track: every NAL unit but parameter sets and delimiters (they go into the
   * sample entry), each after its 4-byte length.
   */
  static byte[] sample(byte[] b, List<Nal> nals) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 16);
    for (Nal n : nals) {
      int t = n.type(b);
      if (t == SPS || t == PPS || t == AUD) continue;
      out.write(n.length() >>> 24);
      out.write(n.length() >>> 16);
      out.write(n.length() >>> 8);
      out.write(n.length());
      out.write(b, n.offset(), n.length());
    }
    return out.toByteArray();
  }

  /** The first NAL unit of {@code type}, or null. */
  static byte[] first(byte[] b, List<Nal> nals, int type) {
    for (Nal n : nals) {
      if (n.type(b) == type) return java.util.Arrays.copyOfRange(b, n.offset(), n.offset() + n.length());
    }
    return null;
  }

  /** The first SPS and PPS of an avcC record (ISO/IEC 14496-15 5.3.3.1), or null when it is not one. */
  static byte[][] fromAvcC(byte[] c) {
    try {
      int pos = 5;
      int spsCount = c[pos++] & 0x1f;
      byte[] sps = null;
      for (int i = 0; i < spsCount; i++) {
        int n = ((c[pos] & 0xff) << 8) | (c[pos + 1] & 0xff);
        if (sps == null) sps = java.util.Arrays.copyOfRange(c, pos + 2, pos + 2 + n);
        pos += 2 + n;
      }
      int ppsCount = c[pos++] & 0xff;
      if (sps == null || ppsCount == 0) return null;
      int n = ((c[pos] & 0xff) << 8) | (c[pos + 1] & 0xff);
      if (pos + 2 + n > c.length) return null;
      return new byte[][] {sps, java.util.Arrays.copyOfRange(c, pos + 2, pos + 2 + n)};
    } catch (ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }
}

package io.argusvms.live;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a player needs before the first frame of an H.264 stream: its parameter sets, the picture
 * size read from the SPS (ITU-T H.264 7.3.2.1.1) and the codec string MSE asks for
 * ({@code avc1.PPCCLL}, RFC 6381).
 */
record AvcConfig(byte[] sps, byte[] pps, int width, int height) {

  /**
   * @throws IllegalArgumentException when the SPS cannot be read (the stream is then not played live)
   */
  static AvcConfig of(byte[] sps, byte[] pps) {
    if (sps == null || pps == null || sps.length < 4 || pps.length < 1) {
      throw new IllegalArgumentException("no SPS/PPS");
    }
    int[] size = pictureSize(sps);
    return new AvcConfig(sps, pps, size[0], size[1]);
  }

  String codec() {
    return String.format(Locale.ROOT, "avc1.%02X%02X%02X", sps[1] & 0xff, sps[2] & 0xff, sps[3] & 0xff);
  }

  boolean sameAs(byte[] otherSps, byte[] otherPps) {
    return Arrays.equals(sps, otherSps) && Arrays.equals(pps, otherPps);
  }

  /** The avcC box's body (ISO/IEC 14496-15 5.3.3.1): version, profile, level, one SPS, one PPS. */
  byte[] avcC() {
    Boxes b = new Boxes(sps.length + pps.length + 16);
    b.u8(1).u8(sps[1]).u8(sps[2]).u8(sps[3]).u8(0xff).u8(0xe1);
    b.u16(sps.length).bytes(sps).u8(1).u16(pps.length).bytes(pps);
    return b.toArray();
  }

  private static final java.util.Set<Integer> HIGH_PROFILES = java.util.Set.of(100, 110, 122, 244, 44, 83, 86, 118,
      128, 138, 139, 134, 135);

  /** Width and height in pixels, after cropping. */
  static int[] pictureSize(byte[] sps) {
    Bits r = new Bits(unescape(sps), 1); // after the NAL header
    int profile = r.u(8);
    r.u(16); // constraint flags, level
    r.ue(); // seq_parameter_set_id
    int chroma = 1;
    if (HIGH_PROFILES.contains(profile)) {
      chroma = r.ue();
      if (chroma == 3) r.u(1);
      r.ue();
      r.ue();
      r.u(1);
      if (r.u(1) == 1) { // seq_scaling_matrix_present_flag
        for (int i = 0; i < (chroma == 3 ? 12 : 8); i++) {
          if (r.u(1) == 1) skipScalingList(r, i < 6 ? 16 : 64);
        }
      }
    }
    r.ue(); // log2_max_frame_num_minus4
    int pocType = r.ue();
    if (pocType == 0) {
      r.ue();
    } else if (pocType == 1) {
      r.u(1);
      r.se();
      r.se();
      int n = r.ue();
      for (int i = 0; i < n; i++) r.se();
    }
    r.ue(); // max_num_ref_frames
    r.u(1);
    int widthMbs = r.ue() + 1;
    int heightUnits = r.ue() + 1;
    int frameMbsOnly = r.u(1);
    if (frameMbsOnly == 0) r.u(1);
    r.u(1); // direct_8x8_inference_flag
    int left = 0;
    int right = 0;
    int top = 0;
    int bottom = 0;
    if (r.u(1) == 1) {
      left = r.ue();
      right = r.ue();
      top = r.ue();
      bottom = r.ue();
    }
    int cropX = chroma == 0 || chroma == 3 ? 1 : 2;
    int cropY = (chroma == 1 ? 2 : 1) * (2 - frameMbsOnly);
    int width = widthMbs * 16 - cropX * (left + right);
    int height = (2 - frameMbsOnly) * heightUnits * 16 - cropY * (top + bottom);
    if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
      throw new IllegalArgumentException("SPS gives a picture of " + width + "x" + height);
    }
    return new int[] {width, height};
  }

  private static void skipScalingList(Bits r, int size) {
    int last = 8;
    int next = 8;
    for (int j = 0; j < size; j++) {
      if (next != 0) next = (last + r.se() + 256) % 256;
      last = next == 0 ? last : next;
    }
  }

  /** Without the emulation prevention bytes (00 00 03 -> 00 00). */
  static byte[] unescape(byte[] nal) {
    byte[] out = new byte[nal.length];
    int n = 0;
    int zeros = 0;
    for (byte x : nal) {
      if (zeros >= 2 && x == 3) {
        zeros = 0;
        continue;
      }
      zeros = x == 0 ? zeros + 1 : 0;
      out[n++] = x;
    }
    return Arrays.copyOf(out, n);
  }

  /** An exp-Golomb bit reader; reading past the end is an error, not a zero. */
  private static final class Bits {
    private final byte[] b;
    private long pos;

    Bits(byte[] b, int byteOffset) {
      this.b = b;
      this.pos = byteOffset * 8L;
    }

    int u(int n) {
      int v = 0;
      for (int i = 0; i < n; i++) {
        if (pos >= b.length * 8L) throw new IllegalArgumentException("SPS ends early");
        v = (v << 1) | ((b[(int) (pos >>> 3)] >>> (7 - (pos & 7))) & 1);
        pos++;
      }
      return v;
    }

    int ue() {
      int zeros = 0;
      while (u(1) == 0) {
        if (++zeros > 31) throw new IllegalArgumentException("bad exp-Golomb code in SPS");
      }
      return (int) ((1L << zeros) - 1 + (zeros == 0 ? 0 : u(zeros) & 0xffffffffL));
    }

    int se() {
      int k = ue();
      return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }
  }
}

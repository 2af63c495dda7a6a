package io.argusvms.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameter sets read from real encoders' output: picture size, codec string, avcC, NAL splitting. */
class AvcConfigTest {
  /** x264, High profile, 320x180 (cropped from 320x192), as ffmpeg -c:v libx264 writes it. */
  static final byte[] SPS_320x180_HIGH = HexFormat.of().parseHex("6764000cacd941419f9f011000000300100000030320f1429960");
  static final byte[] PPS = HexFormat.of().parseHex("68ebe3cb22c0");

  @Test
  void readsTheCroppedSizeAndTheCodecOfAHighProfileSps() {
    AvcConfig c = AvcConfig.of(SPS_320x180_HIGH, PPS);
    assertEquals(320, c.width());
    assertEquals(180, c.height());
    assertEquals("avc1.64000C", c.codec());
    byte[] avcC = c.avcC();
    assertEquals(1, avcC[0]);
    assertEquals(0x64, avcC[1] & 0xff);
    assertEquals(0xe1, avcC[5] & 0xff, "one SPS");
    assertArrayEquals(new byte[][] {SPS_320x180_HIGH, PPS}, H264.fromAvcC(avcC), "avcC read back");
  }

  @Test
  void aTruncatedSpsIsRefusedNotGuessed() {
    byte[] cut = java.util.Arrays.copyOf(SPS_320x180_HIGH, 6);
    assertThrows(IllegalArgumentException.class, () -> AvcConfig.of(cut, PPS));
    assertThrows(IllegalArgumentException.class, () -> AvcConfig.of(null, PPS));
  }

  @Test
  void splitsAnnexBWithThreeAndFourByteStartCodesAndMakesLengthPrefixedSamples() {
    byte[] au = HexFormat.of().parseHex("00000001" + "0910" + "00000001" + "6764000cacd941419f9f011000000300100000030320f1429960"
        + "000001" + "68ebe3cb22c0" + "000001" + "6588840021ff");
    List<H264.Nal> nals = H264.nals(au, 0, au.length);
    assertEquals(List.of(9, 7, 8, 5), nals.stream().map(n -> n.type(au)).toList());
    assertArrayEquals(SPS_320x180_HIGH, H264.first(au, nals, H264.SPS));
    assertArrayEquals(HexFormat.of().parseHex("00000006" + "6588840021ff"), H264.sample(au, nals),
        "delimiter and parameter sets go to the sample entry; the slice gets its length");
    assertNull(H264.first(au, nals, 6));
  }

  @Test
  void ntpTimeOfTheReceiveClock() {
    // 2026-01-01T00:00:00.500Z: 3976214400 s since 1900, half a second of fraction.
    long ntp = Fmp4.ntp(1_767_225_600_500L);
    assertEquals(3_976_214_400L, ntp >>> 32);
    assertEquals(1L << 31, ntp & 0xffffffffL);
  }
}

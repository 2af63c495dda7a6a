package io.argusvms.recording.rtsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class H264DepacketizerTest {
  record Unit(byte[] data, long timestamp, boolean keyframe) {}

  static final byte[] SPS = {0x67, 0x42, (byte) 0xc0, 0x0c};
  static final byte[] PPS = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
  static final byte[] IDR = {0x65, 1, 2, 3, 4, 5, 6, 7};
  static final byte[] SLICE = {0x41, 9, 8, 7};

  final List<Unit> units = new ArrayList<>();
  final H264Depacketizer d = new H264Depacketizer((data, length, ts, key) ->
      units.add(new Unit(Arrays.copyOf(data, length), ts, key)));
  int seq = 100;

  void send(long ts, boolean marker, byte[] payload) {
    d.packet(payload, 0, payload.length, seq++ & 0xffff, ts, marker);
  }

  static byte[] annexB(byte[]... nals) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] n : nals) {
      out.writeBytes(new byte[] {0, 0, 0, 1});
      out.writeBytes(n);
    }
    return out.toByteArray();
  }

  static byte[] stapA(byte[]... nals) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(24);
    for (byte[] n : nals) {
      out.write(n.length >> 8);
      out.write(n.length & 0xff);
      out.writeBytes(n);
    }
    return out.toByteArray();
  }

  /** FU-A fragments of one NAL unit, {@code size} bytes of it per fragment. */
  static List<byte[]> fuA(byte[] nal, int size) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 1; i < nal.length; i += size) {
      int end = Math.min(nal.length, i + size);
      byte[] f = new byte[2 + end - i];
      f[0] = (byte) ((nal[0] & 0xe0) | 28);
      f[1] = (byte) ((i == 1 ? 0x80 : 0) | (end == nal.length ? 0x40 : 0) | (nal[0] & 0x1f));
      System.arraycopy(nal, i, f, 2, end - i);
      out.add(f);
    }
    return out;
  }

  @Test
  void singleNalUnitsAndAStapAMakeOneKeyframeAtTheMarker() {
    send(9000, false, stapA(SPS, PPS));
    send(9000, true, IDR);
    send(12600, true, SLICE);
    assertEquals(2, units.size());
    assertArrayEquals(annexB(SPS, PPS, IDR), units.get(0).data());
    assertTrue(units.get(0).keyframe());
    assertEquals(9000, units.get(0).timestamp());
    assertArrayEquals(annexB(SLICE), units.get(1).data());
    assertFalse(units.get(1).keyframe());
  }

  @Test
  void fuAFragmentsAreJoinedIntoTheirNalUnit() {
    byte[] big = new byte[3000];
    big[0] = 0x65;
    for (int i = 1; i < big.length; i++) big[i] = (byte) i;
    d.parameterSets(Base64.getEncoder().encodeToString(SPS) + "," + Base64.getEncoder().encodeToString(PPS));
    List<byte[]> fragments = fuA(big, 1400);
    for (int i = 0; i < fragments.size(); i++) send(1000, i == fragments.size() - 1, fragments.get(i));
    assertEquals(1, units.size());
    // The SDP's SPS and PPS go in front of a keyframe that lacks them: a chunk starting there decodes.
    assertArrayEquals(annexB(SPS, PPS, big), units.get(0).data());
    assertTrue(units.get(0).keyframe());
    assertArrayEquals(annexB(SPS, PPS), d.extradata());
  }

  @Test
  void aLostFragmentDropsItsNalUnitNotTheOthers() {
    byte[] big = new byte[3000];
    big[0] = 0x41;
    List<byte[]> fragments = fuA(big, 1000);
    send(2000, false, SLICE);
    send(2000, false, fragments.get(0));
    seq++; // fragments.get(1) lost
    send(2000, true, fragments.get(2));
    assertEquals(1, units.size());
    assertArrayEquals(annexB(SLICE), units.get(0).data());
    assertEquals(1, d.dropped());
  }

  @Test
  void aNewTimestampEndsAnAccessUnitWhoseMarkerWasLost() {
    send(3000, false, SLICE);
    send(6600, true, SLICE); // a new frame: the one before ends here even without its marker
    assertEquals(List.of(3000L, 6600L), units.stream().map(Unit::timestamp).toList());
  }

  @Test
  void timestampsKeepIncreasingAcrossThe32BitWrap() {
    long nearWrap = 0xffff_ffffL - 1800;
    send(nearWrap, true, SLICE);
    send((nearWrap + 3600) & 0xffff_ffffL, true, SLICE);
    assertEquals(nearWrap + 3600, units.get(1).timestamp());
  }

  @Test
  void garbagePayloadTypesAreCountedNotThrown() {
    send(1000, true, new byte[] {30, 1, 2}); // a NAL type no camera sends
    send(2000, true, new byte[] {24, 0x7f, 0x7f, 1}); // STAP-A with a size past its end
    send(3000, true, new byte[] {28}); // FU-A without its header
    assertTrue(d.dropped() >= 2, "dropped " + d.dropped());
    assertTrue(units.isEmpty(), "nothing decodable came out: " + units.size());
  }
}

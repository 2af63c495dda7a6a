package io.argusvms.live;

/**
 * Fragmented MP4 (ISO/IEC 14496-12) for Media Source Extensions: an initialization segment for
 * one H.264 track, and a fragment per frame. Each fragment starts with a {@code prft} box (8.16.5)
 * that carries the wall clock at which the server received the frame, so a player can measure how
 * old the picture it shows is. Nothing is transcoded: the samples are the camera's bytes.
 */
final class Fmp4 {
  static final int TRACK_ID = 1;
  /** RTP's clock for video; every stream is rescaled to it. */
  static final int TIMESCALE = 90_000;
  private static final long NTP_UNIX_OFFSET_S = 2_208_988_800L;
  private static final int[] MATRIX = {0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000};

  private Fmp4() {}

  /** ftyp + moov: one video track, no samples (they come in fragments: mvex). */
  static byte[] init(AvcConfig c) {
    Boxes b = new Boxes(512 + c.sps().length + c.pps().length);
    int ftyp = b.open("ftyp");
    b.ascii("isom").u32(0x200).ascii("isom").ascii("iso6").ascii("avc1").ascii("mp41");
    b.close(ftyp);
    int moov = b.open("moov");
    int mvhd = b.open("mvhd", 0, 0);
    b.u32(0).u32(0).u32(TIMESCALE).u32(0).u32(0x10000).u16(0x100).zeros(10);
    matrix(b);
    b.zeros(24).u32(TRACK_ID + 1);
    b.close(mvhd);
    int trak = b.open("trak");
    int tkhd = b.open("tkhd", 0, 3); // enabled, in movie
    b.u32(0).u32(0).u32(TRACK_ID).u32(0).u32(0).zeros(8).u16(0).u16(0).u16(0).u16(0);
    matrix(b);
    b.u32((long) c.width() << 16).u32((long) c.height() << 16);
    b.close(tkhd);
    int mdia = b.open("mdia");
    int mdhd = b.open("mdhd", 0, 0);
    b.u32(0).u32(0).u32(TIMESCALE).u32(0).u16(0x55c4).u16(0); // language "und"
    b.close(mdhd);
    int hdlr = b.open("hdlr", 0, 0);
    b.u32(0).ascii("vide").zeros(12).ascii("Argus live").u8(0);
    b.close(hdlr);
    int minf = b.open("minf");
    int vmhd = b.open("vmhd", 0, 1);
    b.zeros(8);
    b.close(vmhd);
    int dinf = b.open("dinf");
    int dref = b.open("dref", 0, 0);
    b.u32(1);
    b.close(b.open("url ", 0, 1)); // media in this file
    b.close(dref);
    b.close(dinf);
    int stbl = b.open("stbl");
    int stsd = b.open("stsd", 0, 0);
    b.u32(1);
    int avc1 = b.open("avc1");
    b.zeros(6).u16(1).zeros(16).u16(c.width()).u16(c.height()).u32(0x480000).u32(0x480000).u32(0).u16(1);
    b.zeros(32).u16(0x18).u16(0xffff);
    int avcC = b.open("avcC");
    b.bytes(c.avcC());
    b.close(avcC);
    b.close(avc1);
    b.close(stsd);
    for (String empty : new String[] {"stts", "stsc", "stco"}) {
      int e = b.open(empty, 0, 0);
      b.u32(0);
      b.close(e);
    }
    int stsz = b.open("stsz", 0, 0);
    b.u32(0).u32(0);
    b.close(stsz);
    b.close(stbl);
    b.close(minf);
    b.close(mdia);
    b.close(trak);
    int mvex = b.open("mvex");
    int trex = b.open("trex", 0, 0);
    b.u32(TRACK_ID).u32(1).u32(0).u32(0).u32(0);
    b.close(trex);
    b.close(mvex);
    b.close(moov);
    return b.toArray();
  }

  /**
   * prft + moof + mdat of one frame.
   *
   * @param sequence the fragment's number, from 1, one more per fragment
   * @param dts decode time in {@link #TIMESCALE} units
   * @param duration how long the frame shows (the interval to the next, estimated from the last)
   * @param compositionOffset pts - dts (0 without B-frames)
   * @param receivedAtMs the server's wall clock when the frame arrived
   */
  static byte[] fragment(long sequence, long dts, long duration, long compositionOffset, boolean key, byte[] sample,
      long receivedAtMs) {
    Boxes b = new Boxes(sample.length + 160);
    int prft = b.open("prft", 1, 0);
    b.u32(TRACK_ID).u64(ntp(receivedAtMs)).u64(dts);
    b.close(prft);
    int moofStart = b.length();
    int moof = b.open("moof");
    int mfhd = b.open("mfhd", 0, 0);
    b.u32(sequence);
    b.close(mfhd);
    int traf = b.open("traf");
    int tfhd = b.open("tfhd", 0, 0x020000); // default-base-is-moof
    b.u32(TRACK_ID);
    b.close(tfhd);
    int tfdt = b.open("tfdt", 1, 0);
    b.u64(dts);
    b.close(tfdt);
    // data offset, duration, size, flags, composition offset (signed: version 1)
    int trun = b.open("trun", 1, 0x000001 | 0x000100 | 0x000200 | 0x000400 | 0x000800);
    b.u32(1);
    int dataOffsetAt = b.length();
    b.u32(0);
    b.u32(duration).u32(sample.length).u32(key ? 0x02000000 : 0x01010000).u32(compositionOffset);
    b.close(trun);
    b.close(traf);
    b.close(moof);
    b.patch32(dataOffsetAt, b.length() - moofStart + 8);
    int mdat = b.open("mdat");
    b.bytes(sample);
    b.close(mdat);
    return b.toArray();
  }

  /** NTP time (RFC 5905: seconds since 1900 . 32-bit fraction) of a Unix time in ms. */
  static long ntp(long unixMs) {
    long seconds = Math.floorDiv(unixMs, 1000) + NTP_UNIX_OFFSET_S;
    long fraction = (Math.floorMod(unixMs, 1000L) << 32) / 1000;
    return (seconds << 32) | fraction;
  }

  private static void matrix(Boxes b) {
    for (int v : MATRIX) b.u32(v & 0xffffffffL);
  }
}

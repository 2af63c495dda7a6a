package io.argusvms.recording.rtsp;

import java.util.Arrays;
import java.util.Base64;

/**
 * RTP payloads of an H.264 stream (RFC 6184: single NAL units, STAP-A, FU-A) into access units in
 * Annex B form (start code before every NAL unit), the form MPEG-TS carries. Pure; one thread.
 *
 * <p>An access unit ends at the RTP marker bit, or when a packet of another timestamp arrives. A
 * keyframe is an access unit with an IDR slice; the SPS and PPS last seen (in-band, or from the
 * SDP's sprop-parameter-sets) are put in front of a keyframe that does not carry them, so every
 * chunk that starts at it decodes on its own. A sequence-number gap inside a fragmented NAL unit
 * drops that NAL unit (it cannot be decoded), not the access unit.
 */
public final class H264Depacketizer {
  private static final byte[] START = {0, 0, 0, 1};
  private static final int NAL_IDR = 5;
  private static final int NAL_SPS = 7;
  private static final int NAL_PPS = 8;
  private static final int STAP_A = 24;
  private static final int FU_A = 28;

  /** What a finished access unit is handed to; its bytes are valid only during the call. */
  @FunctionalInterface
  public interface Sink {
    void accessUnit(byte[] data, int length, long timestamp, boolean keyframe);
  }

  private final Sink sink;
  private byte[] sps;
  private byte[] pps;

  private byte[] au = new byte[256 * 1024];
  private int auLength;
  private boolean auHasIdr;
  private boolean auHasSps;
  private boolean auHasPps;
  private long auTimestamp;
  private boolean open; // an access unit has begun

  private int fuStart = -1; // where the fragmented NAL unit being put together starts in au, or -1
  private int lastSeq = -1;

  private long lastRtpTimestamp;
  private long extendedTimestamp = Long.MIN_VALUE;
  private long dropped;

  public H264Depacketizer(Sink sink) {
    this.sink = sink;
  }

  /** Takes the SDP's {@code sprop-parameter-sets} (base64 SPS and PPS, comma-separated); null is fine. */
  public void parameterSets(String sprop) {
    if (sprop == null) return;
    for (String b64 : sprop.split(",")) {
      try {
        byte[] nal = Base64.getDecoder().decode(b64.trim());
        if (nal.length == 0) continue;
        if ((nal[0] & 0x1f) == NAL_SPS) sps = nal;
        if ((nal[0] & 0x1f) == NAL_PPS) pps = nal;
      } catch (IllegalArgumentException notBase64) {
        // a camera's typo: the in-band parameter sets will do
      }
    }
  }

  /** SPS and PPS in Annex B form (the codec's extradata), or an empty array while unknown. */
  public byte[] extradata() {
    if (sps == null || pps == null) return new byte[0];
    byte[] out = new byte[8 + sps.length + pps.length];
    System.arraycopy(START, 0, out, 0, 4);
    System.arraycopy(sps, 0, out, 4, sps.length);
    System.arraycopy(START, 0, out, 4 + sps.length, 4);
    System.arraycopy(pps, 0, out, 8 + sps.length, pps.length);
    return out;
  }

  /** NAL units dropped as undecodable (fragments after a gap, unknown packet types). */
  public long dropped() {
    return dropped;
  }

  /**
   * One RTP packet's payload.
   *
   * @param seq its 16-bit sequence number
   * @param rtpTimestamp its 32-bit timestamp (extended here to 64 bits across wraps)
   */
  public void packet(byte[] buf, int off, int len, int seq, long rtpTimestamp, boolean marker) {
    long ts = extend(rtpTimestamp);
    boolean gap = lastSeq >= 0 && ((lastSeq + 1) & 0xffff) != seq;
    lastSeq = seq;
    if (open && ts != auTimestamp) finish();
    if (gap && fuStart >= 0) dropFragment();
    if (len > 0) {
      if (!open) {
        open = true;
        auTimestamp = ts;
      }
      int type = buf[off] & 0x1f;
      if (type >= 1 && type <= 23) {
        nal(buf, off, len);
      } else if (type == STAP_A) {
        stapA(buf, off + 1, len - 1);
      } else if (type == FU_A && len >= 2) {
        fuA(buf, off, len);
      } else {
        dropped++; // STAP-B, MTAP, FU-B: not sent by cameras in packetization-mode 0 or 1
      }
    }
    if (marker && open) finish();
  }

  private void stapA(byte[] buf, int off, int len) {
    int i = off;
    int end = off + len;
    while (i + 2 <= end) {
      int size = ((buf[i] & 0xff) << 8) | (buf[i + 1] & 0xff);
      i += 2;
      if (size == 0 || i + size > end) {
        dropped++;
        return;
      }
      nal(buf, i, size);
      i += size;
    }
  }

  private void fuA(byte[] buf, int off, int len) {
    int indicator = buf[off] & 0xff;
    int header = buf[off + 1] & 0xff;
    boolean start = (header & 0x80) != 0;
    boolean end = (header & 0x40) != 0;
    if (start) {
      if (fuStart >= 0) dropFragment(); // its end never came
      fuStart = auLength;
      ensure(5);
      append(START, 0, 4);
      au[auLength++] = (byte) ((indicator & 0xe0) | (header & 0x1f));
    } else if (fuStart < 0) {
      return; // the rest of a NAL unit whose start was lost
    }
    append(buf, off + 2, len - 2);
    if (end) {
      noteType(header & 0x1f);
      fuStart = -1;
    }
  }

  private void dropFragment() {
    auLength = fuStart;
    fuStart = -1;
    dropped++;
  }

  private void nal(byte[] buf, int off, int len) {
    int type = buf[off] & 0x1f;
    if (type == NAL_SPS) sps = Arrays.copyOfRange(buf, off, off + len);
    if (type == NAL_PPS) pps = Arrays.copyOfRange(buf, off, off + len);
    append(START, 0, 4);
    append(buf, off, len);
    noteType(type);
  }

  private void noteType(int type) {
    if (type == NAL_IDR) auHasIdr = true;
    if (type == NAL_SPS) auHasSps = true;
    if (type == NAL_PPS) auHasPps = true;
  }

  private void finish() {
    if (fuStart >= 0) dropFragment();
    if (auLength > 0) {
      if (auHasIdr && (!auHasSps || !auHasPps) && sps != null && pps != null) prependParameterSets();
      sink.accessUnit(au, auLength, auTimestamp, auHasIdr);
    }
    auLength = 0;
    auHasIdr = auHasSps = auHasPps = false;
    open = false;
  }

  private void prependParameterSets() {
    byte[] ps = extradata();
    ensure(ps.length);
    System.arraycopy(au, 0, au, ps.length, auLength);
    System.arraycopy(ps, 0, au, 0, ps.length);
    auLength += ps.length;
  }

  private void append(byte[] src, int off, int len) {
    ensure(len);
    System.arraycopy(src, off, au, auLength, len);
    auLength += len;
  }

  private void ensure(int more) {
    if (auLength + more > au.length) au = Arrays.copyOf(au, Math.max(au.length * 2, auLength + more));
  }

  /** 32-bit RTP time to a 64-bit count that keeps increasing across the wrap (every 13 h at 90 kHz). */
  private long extend(long rtp32) {
    if (extendedTimestamp == Long.MIN_VALUE) {
      extendedTimestamp = rtp32;
    } else {
      extendedTimestamp += (int) (rtp32 - lastRtpTimestamp); // signed step: back or forth
    }
    lastRtpTimestamp = rtp32;
    return extendedTimestamp;
  }
}

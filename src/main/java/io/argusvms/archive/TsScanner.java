package io.argusvms.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an MPEG-TS file packet by packet and finds what the catalog needs: the video stream (PAT
 * -> PMT -> video PID), each frame's PTS and the keyframes with the offset of the PAT before them.
 * Pure Java, no FFmpeg: recovery must work on files FFmpeg would refuse (torn at the end).
 *
 * <p>A keyframe is a video PES start whose adaptation field sets random_access_indicator; when a
 * muxer leaves that flag out, an H.264 IDR or H.265 IRAP NAL unit in the first bytes of the PES
 * counts too. PAT and PMT sections are assumed to fit in one packet (every muxer we record with
 * writes them so).
 */
public final class TsScanner {
  public static final int PACKET_SIZE = 188;
  private static final int SYNC = 0x47;
  private static final long PTS_MODULUS = 1L << 33;
  /** Enough PES bytes to get past an AUD, SPS, PPS and x264's long SEI to the first slice. */
  private static final int NAL_SCAN_BYTES = 8192;

  static final int STREAM_TYPE_H264 = 0x1B;
  static final int STREAM_TYPE_H265 = 0x24;

  private int pmtPid = -1;
  private int videoPid = -1;
  private int streamType = -1;
  private long lastPatOffset = -1;
  private long lastVideoPesOffset = -1;

  private boolean havePts;
  private long prevRawPts;
  private long prevPts;
  private long firstPts;
  private long maxPts;
  private long videoFrames;
  private final List<TsScan.Keyframe> keyframes = new ArrayList<>();

  /** The video PES being read: is it a keyframe? Decided when it ends. */
  private Pending pending;

  private TsScanner() {}

  public static TsScan scan(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return scan(in, Files.size(file));
    }
  }

  /** Scans a stream of TS packets; {@code fileLength} is only reported back. */
  public static TsScan scan(InputStream in, long fileLength) throws IOException {
    TsScanner scanner = new TsScanner();
    byte[] buffer = new byte[PACKET_SIZE * 512];
    long offset = 0;
    int filled = 0;
    boolean inSync = true;
    while (inSync) {
      int n = in.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        break;
      }
      filled += n;
      int whole = filled - filled % PACKET_SIZE;
      int pos = 0;
      for (; pos < whole; pos += PACKET_SIZE) {
        if ((buffer[pos] & 0xFF) != SYNC) {
          inSync = false;
          break;
        }
        scanner.packet(buffer, pos, offset);
        offset += PACKET_SIZE;
      }
      System.arraycopy(buffer, pos, buffer, 0, filled - pos);
      filled -= pos;
    }
    scanner.finishPending();
    return new TsScan(
        fileLength,
        offset,
        scanner.videoPid,
        scanner.streamType,
        scanner.firstPts,
        scanner.maxPts,
        scanner.videoFrames,
        scanner.keyframes);
  }

  private void packet(byte[] b, int p, long offset) {
    boolean unitStart = (b[p + 1] & 0x40) != 0;
    int pid = ((b[p + 1] & 0x1F) << 8) | (b[p + 2] & 0xFF);
    int adaptation = (b[p + 3] >> 4) & 0x3;
    int payload = p + 4;
    boolean randomAccess = false;
    if ((adaptation & 0x2) != 0) {
      int length = b[p + 4] & 0xFF;
      if (length > 0) {
        randomAccess = (b[p + 5] & 0x40) != 0;
      }
      payload = p + 5 + length;
    }
    int end = p + PACKET_SIZE;
    if ((adaptation & 0x1) == 0 || payload >= end) {
      return;
    }
    if (pid == 0) {
      if (unitStart) {
        lastPatOffset = offset;
        readPat(b, payload, end);
      }
    } else if (pid == pmtPid) {
      if (unitStart) {
        readPmt(b, payload, end);
      }
    } else if (pid == videoPid) {
      if (unitStart) {
        finishPending();
        startPes(b, payload, end, offset, randomAccess);
      } else if (pending != null) {
        pending.append(b, payload, end);
      }
    }
  }

  private void readPat(byte[] b, int payload, int end) {
    int s = payload + 1 + (b[payload] & 0xFF);
    if (s + 8 > end || (b[s] & 0xFF) != 0x00) {
      return;
    }
    int sectionEnd = Math.min(end, s + 3 + sectionLength(b, s) - 4);
    for (int i = s + 8; i + 4 <= sectionEnd; i += 4) {
      int program = ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
      if (program != 0) {
        pmtPid = ((b[i + 2] & 0x1F) << 8) | (b[i + 3] & 0xFF);
        return;
      }
    }
  }

  private void readPmt(byte[] b, int payload, int end) {
    int s = payload + 1 + (b[payload] & 0xFF);
    if (s + 12 > end || (b[s] & 0xFF) != 0x02) {
      return;
    }
    int sectionEnd = Math.min(end, s + 3 + sectionLength(b, s) - 4);
    int programInfo = ((b[s + 10] & 0x0F) << 8) | (b[s + 11] & 0xFF);
    for (int i = s + 12 + programInfo; i + 5 <= sectionEnd; ) {
      int type = b[i] & 0xFF;
      int pid = ((b[i + 1] & 0x1F) << 8) | (b[i + 2] & 0xFF);
      int esInfo = ((b[i + 3] & 0x0F) << 8) | (b[i + 4] & 0xFF);
      if (isVideo(type) && (videoPid < 0 || videoPid == pid)) {
        videoPid = pid;
        streamType = type;
        return;
      }
      i += 5 + esInfo;
    }
  }

  private static int sectionLength(byte[] b, int s) {
    return ((b[s + 1] & 0x0F) << 8) | (b[s + 2] & 0xFF);
  }

  private static boolean isVideo(int streamType) {
    return streamType == STREAM_TYPE_H264
        || streamType == STREAM_TYPE_H265
        || streamType == 0x01 // MPEG-1 video
        || streamType == 0x02 // MPEG-2 video
        || streamType == 0x10; // MPEG-4 part 2
  }

  private void startPes(byte[] b, int payload, int end, long offset, boolean randomAccess) {
    // The PAT belongs to this frame only if it came after the previous video PES started.
    boolean patBefore = lastPatOffset > lastVideoPesOffset;
    // Before the first frame there are only tables (FFmpeg writes SDT, PAT, PMT): start at 0, so
    // the first keyframe's range is the whole file head, as the catalog's records expect.
    long keyOffset = lastVideoPesOffset < 0 && patBefore ? 0 : patBefore ? lastPatOffset : offset;
    lastVideoPesOffset = offset;
    if (end - payload < 9
        || b[payload] != 0
        || b[payload + 1] != 0
        || b[payload + 2] != 1) {
      pending = null;
      return;
    }
    int flags = (b[payload + 7] & 0xFF) >> 6;
    int headerLength = b[payload + 8] & 0xFF;
    Long pts = null;
    if ((flags & 0x2) != 0 && payload + 14 <= end) {
      pts = unwrap(readPts(b, payload + 9));
    }
    pending = new Pending(pts, keyOffset, patBefore, randomAccess);
    int es = payload + 9 + headerLength;
    if (es < end) {
      pending.append(b, es, end);
    }
  }

  private static long readPts(byte[] b, int i) {
    return ((long) ((b[i] >> 1) & 0x07) << 30)
        | ((long) (b[i + 1] & 0xFF) << 22)
        | ((long) ((b[i + 2] & 0xFF) >> 1) << 15)
        | ((long) (b[i + 3] & 0xFF) << 7)
        | ((b[i + 4] & 0xFF) >> 1);
  }

  /** Extends a 33-bit PTS past its wrap (every 26.5 hours) using the previous one. */
  private long unwrap(long raw) {
    if (!havePts) {
      havePts = true;
      prevRawPts = raw;
      prevPts = raw;
      firstPts = raw;
      maxPts = raw;
      return raw;
    }
    long delta = Math.floorMod(raw - prevRawPts, PTS_MODULUS);
    if (delta >= PTS_MODULUS / 2) {
      delta -= PTS_MODULUS; // a step back (B-frames), not a wrap
    }
    prevRawPts = raw;
    prevPts += delta;
    maxPts = Math.max(maxPts, prevPts);
    return prevPts;
  }

  private void finishPending() {
    if (pending == null || pending.pts == null) {
      pending = null;
      return;
    }
    videoFrames++;
    if (pending.randomAccess || pending.hasRandomAccessNal(streamType)) {
      keyframes.add(new TsScan.Keyframe(pending.pts, pending.keyOffset, pending.patBefore));
    }
    pending = null;
  }

  private static final class Pending {
    final Long pts;
    final long keyOffset;
    final boolean patBefore;
    final boolean randomAccess;
    final byte[] head;
    int headLength;

    Pending(Long pts, long keyOffset, boolean patBefore, boolean randomAccess) {
      this.pts = pts;
      this.keyOffset = keyOffset;
      this.patBefore = patBefore;
      this.randomAccess = randomAccess;
      // With the flag set the bytes are not needed.
      this.head = randomAccess ? new byte[0] : new byte[NAL_SCAN_BYTES];
    }

    void append(byte[] b, int from, int to) {
      int n = Math.min(to - from, head.length - headLength);
      if (n > 0) {
        System.arraycopy(b, from, head, headLength, n);
        headLength += n;
      }
    }

    boolean hasRandomAccessNal(int streamType) {
      for (int i = 0; i + 3 < headLength; i++) {
        if (head[i] == 0 && head[i + 1] == 0 && head[i + 2] == 1) {
          int header = head[i + 3] & 0xFF;
          if (streamType == STREAM_TYPE_H264 && (header & 0x1F) == 5) {
            return true;
          }
          if (streamType == STREAM_TYPE_H265) {
            int type = (header >> 1) & 0x3F;
            if (type >= 16 && type <= 23) {
              return true;
            }
          }
          i += 2;
        }
      }
      return false;
    }
  }
}

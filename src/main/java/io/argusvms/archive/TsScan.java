package io.argusvms.archive;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link TsScanner} learnt from one MPEG-TS file.
 *
 * @param fileLength bytes in the file
 * @param scannedLength bytes of whole, in-sync 188-byte packets from the start (a torn last packet
 *     or anything after a lost sync byte is not counted)
 * @param videoPid PID of the video stream, -1 if none was found
 * @param streamType PMT stream type of the video (0x1B H.264, 0x24 H.265), -1 if none
 * @param firstPts PTS (90 kHz) of the first video PES; later PTS are unwrapped past 2^33
 * @param maxPts highest (unwrapped) video PTS seen
 * @param videoFrames video PES packets with a PTS
 * @param keyframes keyframes in file order
 */
public record TsScan(
    long fileLength,
    long scannedLength,
    int videoPid,
    int streamType,
    long firstPts,
    long maxPts,
    long videoFrames,
    List<Keyframe> keyframes) {

  /**
   * @param pts unwrapped PTS of the keyframe
   * @param byteOffset offset of the PAT packet written just before it (so a byte range starting
   *     there decodes on its own), or of the keyframe's own first packet when no PAT preceded it;
   *     0 for a first keyframe that only tables (SDT, PAT, PMT) precede
   * @param startsAtPat whether a PAT lies between {@code byteOffset} and the keyframe
   */
  public record Keyframe(long pts, long byteOffset, boolean startsAtPat) {}

  public TsScan {
    keyframes = List.copyOf(keyframes);
  }

  /** A chunk needs video with timestamps and at least one keyframe to be played from. */
  public boolean playable() {
    return videoPid >= 0 && videoFrames > 0 && !keyframes.isEmpty();
  }

  /** Average frame interval in 90 kHz ticks, 0 for a single frame. */
  long frameTicks() {
    return videoFrames > 1 ? (maxPts - firstPts) / (videoFrames - 1) : 0;
  }

  /**
   * The catalog record of this file: keyframe times are {@code startMs} plus their PTS distance
   * from the first frame; the end is the last frame's time plus one frame.
   */
  public ChunkRecord toChunk(String cameraId, long startMs, String path, boolean sealed) {
    List<KeyframeEntry> entries = new ArrayList<>(keyframes.size());
    for (Keyframe k : keyframes) {
      entries.add(new KeyframeEntry(startMs + (k.pts() - firstPts) / 90, k.byteOffset()));
    }
    long endMs = startMs + (maxPts - firstPts + frameTicks()) / 90;
    return new ChunkRecord(cameraId, startMs, endMs, path, scannedLength, entries, sealed);
  }
}

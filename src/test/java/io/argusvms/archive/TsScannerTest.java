package io.argusvms.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsScannerTest {
  // 2026-01-15T10:00:00Z
  static final long T0 = 1_768_471_200_000L;
  static final int FRAMES = 75; // 3 s: keyframes at 0, 1 and 2 s

  @TempDir static Path shared;
  static Path clip;

  @TempDir Path tmp;

  @BeforeAll
  static void encodeClip() throws IOException {
    clip = TsFixtures.h264Ts(shared.resolve("clip.ts"), FRAMES);
  }

  private Path copyOfClip() throws IOException {
    return Files.copy(clip, tmp.resolve("copy.ts"), StandardCopyOption.REPLACE_EXISTING);
  }

  static boolean isPatPacket(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      byte[] p = new byte[4];
      f.seek(offset);
      f.readFully(p);
      int pid = ((p[1] & 0x1F) << 8) | (p[2] & 0xFF);
      return (p[0] & 0xFF) == 0x47 && pid == 0 && (p[1] & 0x40) != 0;
    }
  }

  /** PIDs whose packets start a PES (00 00 01 after the header): the elementary streams. */
  static java.util.Set<Integer> pesPids(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    java.util.Set<Integer> pids = new java.util.TreeSet<>();
    for (int p = 0; p + 188 <= b.length; p += 188) {
      int adaptation = (b[p + 3] >> 4) & 0x3;
      int payload = p + 4 + ((adaptation & 0x2) != 0 ? 1 + (b[p + 4] & 0xFF) : 0);
      if ((b[p + 1] & 0x40) != 0 && (adaptation & 0x1) != 0 && payload + 3 <= p + 188
          && b[payload] == 0 && b[payload + 1] == 0 && b[payload + 2] == 1) {
        pids.add(((b[p + 1] & 0x1F) << 8) | (b[p + 2] & 0xFF));
      }
    }
    return pids;
  }

  @Test
  void findsTheH264StreamEveryFrameAndAKeyframePerGop() throws IOException {
    TsScan scan = TsScanner.scan(clip);
    assertEquals(TsScanner.STREAM_TYPE_H264, scan.streamType());
    assertEquals(FRAMES, scan.videoFrames());
    assertEquals(3, scan.keyframes().size());
    assertEquals(Files.size(clip), scan.scannedLength());
    assertEquals(0, scan.scannedLength() % TsScanner.PACKET_SIZE);
    assertTrue(scan.playable());
  }

  @Test
  void keyframeOffsetsPointAtThePatBeforeEachKeyframe() throws IOException {
    TsScan scan = TsScanner.scan(clip);
    // The first keyframe's range is the file head (FFmpeg puts an SDT before the PAT).
    assertEquals(0, scan.keyframes().get(0).byteOffset());
    assertTrue(scan.keyframes().get(0).startsAtPat());
    for (TsScan.Keyframe k : scan.keyframes().subList(1, scan.keyframes().size())) {
      assertTrue(k.startsAtPat(), "PAT before keyframe at " + k.byteOffset());
      assertTrue(isPatPacket(clip, k.byteOffset()), "PAT packet at " + k.byteOffset());
    }
  }

  @Test
  void chunkTimesFollowThePtsFromTheStartTime() throws IOException {
    ChunkRecord chunk = TsScanner.scan(clip).toChunk("cam1", T0, clip.toString(), true);
    List<Long> keyframeTimes = chunk.keyframes().stream().map(k -> k.timeMs() - T0).toList();
    assertEquals(List.of(0L, 1000L, 2000L), keyframeTimes);
    // 75 frames of 40 ms each: the last starts at 2960 ms and lasts one frame.
    assertEquals(T0 + 3000, chunk.endMs());
    assertEquals(Files.size(clip), chunk.sizeBytes());
  }

  @Test
  void tornLastPacketIsLeftOutOfTheScannedLength() throws IOException {
    Path torn = copyOfClip();
    long cut = 40 * TsScanner.PACKET_SIZE + 77;
    try (RandomAccessFile f = new RandomAccessFile(torn.toFile(), "rw")) {
      f.setLength(cut);
    }
    TsScan scan = TsScanner.scan(torn);
    assertEquals(cut, scan.fileLength());
    assertEquals(40 * TsScanner.PACKET_SIZE, scan.scannedLength());
  }

  @Test
  void keyframesAreFoundFromTheIdrNalWhenTheRandomAccessFlagIsMissing() throws IOException {
    Path noFlags = copyOfClip();
    TsFixtures.clearRandomAccessFlags(noFlags);
    TsScan scan = TsScanner.scan(noFlags);
    assertEquals(TsScanner.scan(clip).keyframes(), scan.keyframes());
  }

  @Test
  void ptsWrapInsideTheFileKeepsTimesIncreasing() throws IOException {
    TsScan original = TsScanner.scan(clip);
    Path wrapped = copyOfClip();
    // Put the first frame 1.5 s before the 33-bit wrap: the wrap falls between keyframes 1 and 2.
    long shift = (1L << 33) - 135_000 - original.firstPts();
    TsFixtures.shiftTimestamps(wrapped, shift);
    TsScan scan = TsScanner.scan(wrapped);
    assertTrue(scan.maxPts() >= 1L << 33, "unwrapped past 2^33");
    assertEquals(
        original.toChunk("cam1", T0, "x", true).keyframes(),
        scan.toChunk("cam1", T0, "x", true).keyframes());
    assertEquals(
        original.toChunk("cam1", T0, "x", true).endMs(),
        scan.toChunk("cam1", T0, "x", true).endMs());
  }

  @Test
  void audioInterleavedWithVideoDoesNotDisturbVideoOrKeyframeOffsets() throws IOException {
    Path withAudio = TsFixtures.h264Ts(tmp.resolve("av.ts"), FRAMES, true);
    TsScan scan = TsScanner.scan(withAudio);
    assertTrue(pesPids(withAudio).size() >= 2, "an audio PES stream besides video");
    assertEquals(TsScanner.STREAM_TYPE_H264, scan.streamType());
    assertEquals(FRAMES, scan.videoFrames());
    assertEquals(List.of(0L, 1000L, 2000L), scan.toChunk("cam1", T0, "x", true).keyframes()
        .stream().map(k -> k.timeMs() - T0).toList());
    for (TsScan.Keyframe k : scan.keyframes().subList(1, scan.keyframes().size())) {
      assertTrue(isPatPacket(withAudio, k.byteOffset()), "PAT packet at " + k.byteOffset());
    }
  }

  @Test
  void scanningStopsAtALostSyncByteAndKeepsWhatCameBefore() throws IOException {
    Path damaged = copyOfClip();
    try (RandomAccessFile f = new RandomAccessFile(damaged.toFile(), "rw")) {
      f.seek(30 * TsScanner.PACKET_SIZE);
      f.write(0x00);
    }
    TsScan scan = TsScanner.scan(damaged);
    assertEquals(30 * TsScanner.PACKET_SIZE, scan.scannedLength());
    assertEquals(Files.size(clip), scan.fileLength());
    assertTrue(scan.playable());
  }

  @Test
  void aFileThatIsNotTransportStreamIsNotPlayable() throws IOException {
    Path text = tmp.resolve("notes.ts");
    Files.writeString(text, "this is not video ".repeat(100));
    TsScan scan = TsScanner.scan(text);
    assertFalse(scan.playable());
    assertEquals(0, scan.scannedLength());
  }

  @Test
  void anEmptyFileIsNotPlayable() throws IOException {
    Path empty = Files.createFile(tmp.resolve("empty.ts"));
    assertFalse(TsScanner.scan(empty).playable());
  }
}

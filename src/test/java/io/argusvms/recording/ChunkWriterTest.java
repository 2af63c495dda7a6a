package io.argusvms.recording;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.StorageLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chunk writer fed with real H.264 packets (demo encoder) and a fixed clock. */
class ChunkWriterTest {

  /** Two seconds before a UTC midnight (and a leap day): chunks land in two day folders. */
  static final long T0 = Instant.parse("2024-02-29T23:59:58Z").toEpochMilli();
  static final long FRAME_MS = 1000 / DemoSource.FPS;
  static final RecordingSettings SETTINGS = new RecordingSettings(Duration.ofSeconds(2),
      Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(8));

  @TempDir Path dir;
  DemoSource demo;
  final List<AVPacket> packets = new ArrayList<>();

  @BeforeEach
  void encode() throws Exception {
    demo = DemoSource.unpaced();
    for (int i = 0; i < 6 * DemoSource.FPS; i++) {
      AVPacket p = demo.read();
      packets.add(av_packet_clone(p));
      av_packet_unref(p);
    }
  }

  @AfterEach
  void free() {
    packets.forEach(p -> av_packet_free(p));
    demo.close();
  }

  @Test
  void demoEncoderIsOpenH264WithAKeyframeEverySecond() {
    assertEquals("libopenh264", DemoSource.encoderName());
    for (int i = 0; i < packets.size(); i++) {
      assertEquals(i % DemoSource.FPS == 0, isKey(packets.get(i)), "keyframe flag of packet " + i);
    }
  }

  @Test
  void cutsAtTheFirstKeyframeAfterChunkDurationIntoUtcDayFolders() throws Exception {
    ChunkLog log = new ChunkLog();
    RecordingMetrics metrics = new RecordingMetrics();
    Path cameraDir = dir.resolve("cam");
    try (ChunkWriter writer = new ChunkWriter("cam", StorageLayout.cameraFolder(cameraDir), demo.video(), SETTINGS, log, metrics)) {
      for (int i = 0; i < packets.size(); i++) {
        assertTrue(writer.write(packets.get(i), T0 + i * FRAME_MS));
      }
    }
    List<ChunkRecord> sealed = log.sealed();
    assertEquals(List.of(T0, T0 + 2000, T0 + 4000), sealed.stream().map(ChunkRecord::startMs).toList());
    assertEquals(T0 + 6000, sealed.get(2).endMs(), "last chunk ends after its last frame");
    assertTrue(sealed.get(0).path().contains("/2024-02-29/"), sealed.get(0).path());
    assertTrue(sealed.get(1).path().contains("/2024-03-01/"), sealed.get(1).path());
    assertEquals(List.of(T0, T0 + 1000), sealed.get(0).keyframes().stream()
        .map(k -> k.timeMs()).toList());
    ChunkFiles.assertWellFormed(cameraDir, "cam", sealed);
    assertEquals(3, metrics.chunksSealed());
    long total = 0;
    for (ChunkRecord c : sealed) {
      total += Files.size(Path.of(c.path()));
    }
    assertEquals(total, metrics.bytesWritten(), "every flushed byte counted once");
    assertEquals(0, metrics.packetsDropped());
  }

  @Test
  void reportsTheOpenChunkAtLeastEveryFlushInterval() throws Exception {
    ChunkLog log = new ChunkLog();
    try (ChunkWriter writer = new ChunkWriter("cam", StorageLayout.cameraFolder(dir), demo.video(), SETTINGS, log, new RecordingMetrics())) {
      for (int i = 0; i < 2 * DemoSource.FPS; i++) {
        writer.write(packets.get(i), T0 + i * FRAME_MS);
      }
      ChunkRecord open = writer.openChunk();
      assertFalse(open.sealed());
      assertTrue(Files.size(Path.of(open.path())) >= open.sizeBytes(), "reported bytes are on disk");
    }
    List<ChunkRecord> open = log.reports().stream().filter(r -> !r.sealed()).toList();
    // 2 s of packets, a flush every 500 ms or keyframe: at least 4 reports, time and size growing
    assertTrue(open.size() >= 4, "open reports: " + open.size());
    for (int i = 1; i < open.size(); i++) {
      // flushed on the first packet at or after the interval (one frame late at most); the
      // first report's end is its keyframe's time, whose duration is not known yet (one more)
      assertTrue(open.get(i).endMs() - open.get(i - 1).endMs()
          <= SETTINGS.flushInterval().toMillis() + 2 * FRAME_MS, "reports: " + open);
      assertTrue(open.get(i).sizeBytes() > open.get(i - 1).sizeBytes(), "sizes: " + open);
    }
  }

  @Test
  void dropsWhatTheMuxerCannotTakeAndCountsIt() throws Exception {
    ChunkLog log = new ChunkLog();
    RecordingMetrics metrics = new RecordingMetrics();
    try (ChunkWriter writer = new ChunkWriter("cam", StorageLayout.cameraFolder(dir), demo.video(), SETTINGS, log, metrics)) {
      // joining mid-GOP: frames 1..24 come before the first keyframe
      for (int i = 1; i < DemoSource.FPS; i++) {
        assertFalse(writer.write(copy(packets.get(i)), T0 + i * FRAME_MS), "before keyframe " + i);
      }
      // copies: the writer shifts the timestamps of what it writes in place
      assertTrue(writer.write(copy(packets.get(25)), T0 + 1000));
      assertTrue(writer.write(copy(packets.get(26)), T0 + 1040));
      assertFalse(writer.write(copy(packets.get(26)), T0 + 1040), "repeated DTS");
      assertFalse(writer.write(copy(packets.get(25)), T0 + 1040), "DTS going back");
      AVPacket noDts = copy(packets.get(27));
      noDts.dts(AV_NOPTS_VALUE);
      assertTrue(writer.write(noDts, T0 + 1080), "PTS stands in for a missing DTS");
      AVPacket noTime = copy(packets.get(28));
      noTime.dts(AV_NOPTS_VALUE).pts(AV_NOPTS_VALUE);
      assertFalse(writer.write(noTime, T0 + 1120), "no timestamp at all");
      AVPacket otherStream = copy(packets.get(28));
      otherStream.stream_index(1);
      assertFalse(writer.write(otherStream, T0 + 1120), "audio or data skipped");
      assertTrue(writer.write(packets.get(28), T0 + 1120));
      assertEquals(24 + 2 + 1, writer.droppedPackets());
    }
    assertEquals(27, metrics.packetsDropped());
    ChunkRecord chunk = log.sealed().get(0);
    assertEquals(T0 + 1000, chunk.startMs(), "chunk starts at the first keyframe's receive time");
    ChunkFiles.assertStartsWithKeyframeAndDecodes(Path.of(chunk.path()));
  }

  /**
   * Packets arriving with this offset from frame 50 on (the first keyframe after the 2 s chunk
   * duration): the start of the chunk cut there. The first chunk always ends at T0 + 2 s.
   */
  private long secondChunkStartWithArrivalOffsetFromFrame50(long offsetMs) throws Exception {
    ChunkLog log = new ChunkLog();
    try (ChunkWriter writer = new ChunkWriter("cam", StorageLayout.cameraFolder(dir.resolve("o" + offsetMs)),
        demo.video(), SETTINGS, log, new RecordingMetrics())) {
      for (int i = 0; i < 3 * DemoSource.FPS; i++) {
        long offset = i >= 2 * DemoSource.FPS ? offsetMs : 0;
        writer.write(packets.get(i), T0 + i * FRAME_MS + offset);
      }
    }
    List<ChunkRecord> sealed = log.sealed();
    assertEquals(2, sealed.size());
    ChunkRecord first = sealed.stream().filter(c -> c.startMs() == T0).findFirst().orElseThrow();
    assertEquals(T0 + 2000, first.endMs());
    return sealed.stream().filter(c -> c != first).findFirst().orElseThrow().startMs();
  }

  @Test
  void reanchorsTheClockWhenPtsRunsAheadOfTheReceiveTime() throws Exception {
    // From frame 50 on, packets arrive 3 s earlier than their PTS says: a camera clock that jumped ahead.
    assertEquals(T0 + 2_000 - 3_000, secondChunkStartWithArrivalOffsetFromFrame50(-3_000),
        "re-anchored on the receive time");
  }

  @Test
  void reanchorsTheClockWhenPtsFallsFarBehindTheReceiveTime() throws Exception {
    // 15 s later than their PTS says: longer than any stall a live session survives (socket timeout 5 s).
    assertEquals(T0 + 17_000, secondChunkStartWithArrivalOffsetFromFrame50(15_000), "re-anchored on the receive time");
  }

  /** A reader that fell behind under load (seen: 3.8 s on two cores while a server restarted) loses no time. */
  @Test
  void packetsThatArriveSecondsLateKeepTheirPtsTime() throws Exception {
    assertEquals(T0 + 2_000, secondChunkStartWithArrivalOffsetFromFrame50(4_500),
        "contiguous: late arrival is not a hole in the video");
  }

  /**
   * The stream's timestamps start again (an encoder restart; GStreamer restarting a shared stream
   * for a new client, seen in StandbySystemTest): recording goes on in a new chunk from the next
   * keyframe instead of dropping every packet until the old DTS is passed.
   */
  @Test
  void aStreamWhoseTimestampsStartAgainGoesOnInANewChunk() throws Exception {
    ChunkLog log = new ChunkLog();
    RecordingMetrics metrics = new RecordingMetrics();
    try (ChunkWriter writer = new ChunkWriter("cam", StorageLayout.cameraFolder(dir), demo.video(), SETTINGS, log, metrics)) {
      for (int i = 0; i < 3 * DemoSource.FPS; i++) assertTrue(writer.write(copy(packets.get(i)), T0 + i * FRAME_MS));
      long restartAt = T0 + 3 * DemoSource.FPS * FRAME_MS;
      for (int i = 0; i < 2 * DemoSource.FPS; i++) {
        assertTrue(writer.write(copy(packets.get(i)), restartAt + i * FRAME_MS), "frame " + i + " after the restart");
      }
      assertEquals(1, writer.clockRestarts());
      assertEquals(0, metrics.packetsDropped(), "nothing lost");
    }
    List<ChunkRecord> sealed = log.sealed();
    ChunkRecord last = sealed.get(sealed.size() - 1);
    assertEquals(T0 + 3_000, last.startMs(), "the new chunk starts at the receive time of the first keyframe after it");
    assertEquals(T0 + 5_000, last.endMs());
    ChunkFiles.assertStartsWithKeyframeAndDecodes(Path.of(last.path()));
  }

  @Test
  void unwritableCameraFolderFailsWithAStorageReason() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    ChunkWriter writer = new ChunkWriter("cam", StorageLayout.cameraFolder(file.resolve("cam")), demo.video(), SETTINGS,
        new ChunkLog(), new RecordingMetrics());
    StorageException e = assertThrows(StorageException.class, () -> writer.write(packets.get(0), T0));
    assertTrue(e.getMessage().startsWith("storage not writable"), e.getMessage());
    writer.close();
  }

  private final List<AVPacket> copies = new ArrayList<>();

  private AVPacket copy(AVPacket p) {
    AVPacket c = av_packet_clone(p);
    copies.add(c);
    return c;
  }

  @AfterEach
  void freeCopies() {
    copies.forEach(p -> av_packet_free(p));
  }

  private static boolean isKey(AVPacket p) {
    return (p.flags() & AV_PKT_FLAG_KEY) != 0;
  }
}

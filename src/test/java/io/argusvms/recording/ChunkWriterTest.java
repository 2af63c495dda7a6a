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
      assertTrue(writer.write(packets.get(25), T0 + 1000));
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

  @Test
  void reanchorsTheClockWhenPtsDriftsFromReceiveTime() throws Exception {
    ChunkLog log = new ChunkLog();
    try (ChunkWriter writer = new ChunkWriter("cam", StorageLayout.cameraFolder(dir), demo.video(), SETTINGS, log, new RecordingMetrics())) {
      for (int i = 0; i < 3 * DemoSource.FPS; i++) {
        // from frame 50 on, packets arrive 10 s later than their PTS says (a camera clock jump)
        long late = i >= 2 * DemoSource.FPS ? 10_000 : 0;
        writer.write(packets.get(i), T0 + i * FRAME_MS + late);
      }
    }
    List<ChunkRecord> sealed = log.sealed();
    assertEquals(2, sealed.size());
    assertEquals(T0 + 2000, sealed.get(0).endMs());
    assertEquals(T0 + 12_000, sealed.get(1).startMs(), "re-anchored on the receive time");
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

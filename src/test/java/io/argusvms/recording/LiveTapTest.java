package io.argusvms.recording;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argusvms.live.LiveFeed;
import io.argusvms.live.LiveFeeds;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live tap end to end with a real encoder: the demo camera's H.264 packets go through the
 * tap into a feed, a viewer collects what a WebSocket would carry, and FFmpeg decodes the
 * fragmented MP4 it makes, every frame, at the stream's size.
 */
class LiveTapTest {
  @TempDir Path dir;

  /** A viewer that keeps everything, or refuses all from {@code full} on (a full queue). */
  static final class Collecting implements LiveFeed.Viewer {
    final List<LiveFeed.Message> got = new ArrayList<>();
    boolean ended;
    int refuseFrom = Integer.MAX_VALUE;
    int offered;

    @Override
    public boolean offer(LiveFeed.Message m) {
      if (offered++ >= refuseFrom) return false;
      got.add(m);
      return true;
    }

    @Override
    public void end() {
      ended = true;
    }
  }

  static final class Discard implements PacketSink {
    int written;

    @Override
    public boolean write(AVPacket packet, long receivedAtMs) {
      written++;
      return true;
    }

    @Override
    public void close() {}
  }

  private static void pump(PacketSource source, PacketSink sink, int frames) throws Exception {
    for (int i = 0; i < frames; i++) {
      AVPacket p = source.read();
      try {
        sink.write(p, 1_000_000L + i * 40L);
      } finally {
        av_packet_unref(p);
      }
    }
  }

  @Test
  void aViewerGetsInitThenFragmentsFfmpegDecodesAtTheStreamsSize() throws Exception {
    LiveFeeds feeds = new LiveFeeds("server-a");
    LiveFeed feed = feeds.of("cam");
    Collecting viewer = new Collecting();
    feed.watch(viewer);
    Discard rest = new Discard();
    try (DemoSource source = DemoSource.unpaced()) {
      PacketSink tap = LiveTap.stage(feed).wrap(source.video(), rest);
      pump(source, tap, 75); // three GOPs
      tap.close();
      assertEquals(75, rest.written, "the tap passes every packet on");
      assertTrue(viewer.ended, "the end of the session ends the viewer's stream");
    }
    assertTrue(viewer.got.get(0).text());
    JsonNode init = new ObjectMapper().readTree(viewer.got.get(0).asText());
    assertEquals("init", init.path("type").asText());
    assertEquals("server-a", init.path("serverId").asText());
    assertTrue(init.path("codec").asText().matches("avc1\\.[0-9A-F]{6}"), init.toString());
    assertFalse(viewer.got.get(1).text(), "then the initialization segment");
    assertEquals("ftyp", type(viewer.got.get(1).bytes()));
    for (LiveFeed.Message m : viewer.got.subList(2, viewer.got.size())) assertEquals("prft", type(m.bytes()));
    assertEquals(75, viewer.got.size() - 2, "a fragment per frame from the first keyframe");

    ByteArrayOutputStream file = new ByteArrayOutputStream();
    for (LiveFeed.Message m : viewer.got.subList(1, viewer.got.size())) file.write(m.bytes());
    Path mp4 = dir.resolve("live.mp4");
    Files.write(mp4, file.toByteArray());
    int decoded = 0;
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(mp4.toFile())) {
      g.start();
      assertEquals(init.path("width").asInt(), g.getImageWidth());
      assertEquals(init.path("height").asInt(), g.getImageHeight());
      assertEquals(DemoOptions.DEFAULT.width(), g.getImageWidth(), "the size read from the SPS");
      assertEquals(DemoOptions.DEFAULT.height(), g.getImageHeight());
      Frame f;
      while ((f = g.grabImage()) != null) if (f.image != null) decoded++;
    }
    assertEquals(75, decoded, "every frame decodes");
  }

  @Test
  void aViewerWhoseQueueIsFullSkipsToTheNextKeyframeAndNobodyWatchingCostsNoFragments() throws Exception {
    LiveFeed feed = new LiveFeeds("s").of("cam");
    Collecting slow = new Collecting();
    slow.refuseFrom = 10; // init, init segment, 8 frames; then full
    try (DemoSource source = DemoSource.unpaced()) {
      PacketSink tap = LiveTap.stage(feed).wrap(source.video(), new Discard());
      pump(source, tap, 25); // nobody watches the first GOP
      Runnable unwatch = feed.watch(slow);
      pump(source, tap, 30); // frames 25..54: the viewer takes 8, refuses the 9th
      slow.refuseFrom = Integer.MAX_VALUE; // the network caught up
      pump(source, tap, 30); // frames 55..84: it waits for the keyframe at 75
      unwatch.run();
      pump(source, tap, 25);
      tap.close();
    }
    List<LiveFeed.Message> frames = slow.got.subList(2, slow.got.size());
    assertEquals(8 + 10, frames.size(), "8 frames of the first GOP, then 75..84 from its keyframe");
    assertFalse(slow.ended, "a viewer that left is not told the stream ended");
  }

  @Test
  void aStreamThatIsNotH264TellsItsViewersToPlayHls() throws Exception {
    LiveFeed feed = new LiveFeeds("s").of("cam");
    Collecting before = new Collecting();
    feed.watch(before);
    AVCodecParameters hevc = avcodec_parameters_alloc();
    try {
      hevc.codec_id(AV_CODEC_ID_HEVC);
      StreamInfo video = new StreamInfo(0, hevc, new AVRational().num(1).den(90_000));
      PacketSink tap = LiveTap.stage(feed).wrap(video, new Discard());
      Collecting after = new Collecting();
      feed.watch(after);
      for (Collecting v : List.of(before, after)) {
        assertTrue(v.ended, "told at once, and the socket closes");
        JsonNode m = new ObjectMapper().readTree(v.got.get(0).asText());
        assertEquals("unsupported", m.path("type").asText());
        assertTrue(m.path("reason").asText().contains("hevc"), m.toString());
      }
      tap.close();
    } finally {
      avcodec_parameters_free(hevc);
    }
  }

  private static String type(byte[] box) {
    return new String(box, 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
  }
}

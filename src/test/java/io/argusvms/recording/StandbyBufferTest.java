package io.argusvms.recording;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.junit.jupiter.api.Test;

/**
 * A standby's buffer with real FFmpeg packets (references, as the demuxer hands them out): whole
 * GOPs from a keyframe, trimmed to the buffer time and the byte limit, written out in order with
 * their receive times once the gate opens.
 */
class StandbyBufferTest {
  static final StreamInfo VIDEO = new StreamInfo(0, null, new AVRational().num(1).den(90_000));

  /** What reached the chunk writer. */
  record Written(long pts, long receivedAtMs, boolean key, int size, byte first) {}

  static final class Downstream implements PacketSink {
    final List<Written> written = new ArrayList<>();
    boolean closed;

    @Override
    public boolean write(AVPacket p, long receivedAtMs) {
      written.add(new Written(p.pts(), receivedAtMs, (p.flags() & AV_PKT_FLAG_KEY) != 0, p.size(),
          p.size() > 0 ? p.data().get(0) : 0));
      return true;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  final Downstream downstream = new Downstream();

  /** Feeds one packet of {@code size} bytes, as the session does: the caller frees its own. */
  static boolean feed(PacketSink sink, int stream, long pts, boolean key, int size, long receivedAtMs) throws Exception {
    AVPacket p = av_packet_alloc();
    try {
      av_new_packet(p, size);
      if (size > 0) p.data().put(0, (byte) (pts / 3600)); // which frame: the bytes must survive the buffer
      p.stream_index(stream).pts(pts).dts(pts).flags(key ? AV_PKT_FLAG_KEY : 0);
      return sink.write(p, receivedAtMs);
    } finally {
      av_packet_free(p);
    }
  }

  /** 25 fps, a keyframe every second, from t = 0 for {@code seconds}. */
  static void stream(PacketSink sink, int seconds, int size) throws Exception {
    for (int f = 0; f < seconds * 25; f++) {
      assertFalse(feed(sink, 0, f * 3600L, f % 25 == 0, size, f * 40L), "nothing reaches the archive while closed");
    }
  }

  @Test
  void keepsWholeGopsCoveringTheBufferTimeAndWritesNothing() throws Exception {
    StandbyGate gate = new StandbyGate(Duration.ofMillis(3000), 64 << 20);
    PacketSink sink = gate.stage().wrap(VIDEO, downstream);
    assertFalse(gate.warm());
    stream(sink, 10, 1000);
    assertTrue(gate.warm());
    assertTrue(downstream.written.isEmpty());
    // The last frame is at 9.96 s: GOPs from 6 s on cover 3.96 s, from 7 s only 2.96 s.
    assertEquals(4 * 25 * 1000, gate.bufferedBytes());
    sink.close();
    assertEquals(0, gate.bufferedBytes());
    assertTrue(downstream.closed);
  }

  @Test
  void whenOpenedItWritesTheBufferFromAKeyframeWithItsReceiveTimesThenTheStream() throws Exception {
    StandbyGate gate = new StandbyGate(Duration.ofMillis(2000), 64 << 20);
    PacketSink sink = gate.stage().wrap(VIDEO, downstream);
    assertFalse(feed(sink, 0, 0, false, 100, 0), "before the first keyframe: of no use");
    stream(sink, 5, 100);
    gate.open();
    assertTrue(feed(sink, 0, 125 * 3600L, true, 100, 5000));
    Written first = downstream.written.get(0);
    assertTrue(first.key());
    assertEquals(2000, first.receivedAtMs(), "from the GOP at 2 s: 2.96 s back");
    for (int i = 1; i < downstream.written.size(); i++) {
      assertTrue(downstream.written.get(i).pts() > downstream.written.get(i - 1).pts(), "in order");
    }
    for (Written w : downstream.written) {
      assertEquals(100, w.size(), "each packet whole");
      assertEquals((byte) (w.pts() / 3600), w.first(), "with its own bytes");
    }
    assertEquals(5000, downstream.written.get(downstream.written.size() - 1).receivedAtMs(), "then the live packet");
    assertEquals(3 * 25 + 1, downstream.written.size());
    assertTrue(feed(sink, 0, 126 * 3600L, false, 100, 5040), "passes through from now on");
    assertEquals(0, gate.bufferedBytes());
  }

  @Test
  void overTheByteLimitOldGopsGoButTheNewestStays() throws Exception {
    StandbyGate gate = new StandbyGate(Duration.ofSeconds(20), 30_000);
    PacketSink sink = gate.stage().wrap(VIDEO, downstream);
    stream(sink, 5, 1000); // 25 kB per GOP
    assertEquals(25_000, gate.bufferedBytes(), "one GOP fits");
    assertTrue(gate.warm());
    sink.close();
  }

  @Test
  void otherStreamsAreNotKept() throws Exception {
    StandbyGate gate = new StandbyGate(Duration.ofSeconds(2), 64 << 20);
    PacketSink sink = gate.stage().wrap(VIDEO, downstream);
    assertFalse(feed(sink, 1, 0, true, 500, 0), "an audio 'keyframe' starts nothing");
    assertFalse(gate.warm());
    assertEquals(0, gate.bufferedBytes());
    sink.close();
  }
}

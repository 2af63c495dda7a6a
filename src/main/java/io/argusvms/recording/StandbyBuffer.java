package io.argusvms.recording;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * A standby's memory of its stream for one attempt: whole GOPs of video packets (each starting at
 * a keyframe, each packet a reference to FFmpeg's buffer, not a copy), the oldest dropped once
 * the rest still covers the buffer time, or when over the byte limit. When its {@link StandbyGate}
 * opens it writes them all to the chunk writer, with their receive times, then passes the stream
 * through. Used by the session's thread only (the gate's flag is the one thing another thread sets).
 */
final class StandbyBuffer implements PacketSink {
  private record Held(AVPacket packet, long receivedAtMs) {}

  private record Gop(long startMs, List<Held> packets) {}

  private final StandbyGate gate;
  private final StreamInfo video;
  private final PacketSink next;
  private final ArrayDeque<Gop> gops = new ArrayDeque<>();
  private volatile long bytes;
  private volatile long spanMs = -1;
  private boolean flushed;

  StandbyBuffer(StandbyGate gate, StreamInfo video, PacketSink next) {
    this.gate = gate;
    this.video = video;
    this.next = next;
  }

  @Override
  public boolean write(AVPacket packet, long receivedAtMs) throws StorageException {
    if (gate.isOpen()) {
      boolean wrote = flushed || flush();
      return next.write(packet, receivedAtMs) || wrote;
    }
    if (packet.stream_index() != video.streamIndex()) return false; // the writer keeps video only
    boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
    if (key) gops.addLast(new Gop(receivedAtMs, new ArrayList<>()));
    if (gops.isEmpty()) return false; // nothing before the first keyframe is of use
    AVPacket ref = av_packet_clone(packet);
    if (ref == null) return false; // out of memory: the buffer is a bonus, never a failure
    gops.peekLast().packets().add(new Held(ref, receivedAtMs));
    bytes += packet.size();
    trim(receivedAtMs);
    return false;
  }

  /** Drops the oldest GOP while the others still cover the buffer time, or while over the byte limit. */
  private void trim(long nowMs) {
    while (gops.size() > 1) {
      Gop oldest = gops.peekFirst();
      Gop second = second();
      boolean covered = nowMs - second.startMs() >= gate.bufferMs();
      if (!covered && bytes <= gate.maxBytes()) break;
      gops.pollFirst();
      release(oldest);
    }
    spanMs = gops.isEmpty() ? -1 : nowMs - gops.peekFirst().startMs();
  }

  private Gop second() {
    var it = gops.iterator();
    it.next();
    return it.next();
  }

  /** Writes the whole buffer to the chunk writer; true when any of it reached the archive. */
  private boolean flush() throws StorageException {
    flushed = true;
    boolean wrote = false;
    try {
      while (!gops.isEmpty()) {
        Gop g = gops.pollFirst();
        try {
          for (Held h : g.packets()) wrote |= next.write(h.packet(), h.receivedAtMs());
        } finally {
          release(g);
        }
      }
    } finally {
      releaseAll();
    }
    return wrote;
  }

  long bufferedBytes() {
    return bytes;
  }

  /** How far back the buffer reaches (ms), -1 when it holds no keyframe. */
  long bufferedMs() {
    return spanMs;
  }

  private void release(Gop g) {
    for (Held h : g.packets()) {
      bytes -= h.packet().size();
      av_packet_free(h.packet());
    }
    g.packets().clear();
  }

  private void releaseAll() {
    while (!gops.isEmpty()) release(gops.pollFirst());
    spanMs = -1;
  }

  @Override
  public void close() {
    releaseAll();
    gate.ended(this);
    next.close();
  }
}

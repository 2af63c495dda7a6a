package io.argusvms.recording;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * A standby's memory of its stream for one attempt: whole GOPs of video packets (each starting at
 * a keyframe), the oldest dropped once the rest still covers the buffer time, or when over the
 * byte limit. When its {@link StandbyGate} opens it writes them all to the chunk writer, with
 * their receive times, then passes the stream through. Used by the session's thread only (the
 * gate's flag is the one thing another thread sets).
 *
 * <p>Why the bytes are copied into a {@link ByteRing}, not kept as FFmpeg references: a reference
 * ({@code av_packet_clone}) is a native allocation and a JavaCPP object with its deallocator per
 * packet, freed again seconds later, 25 times a second per camera; one copy into an array that is
 * reused costs less (measured: bench/standby-cost.sh). FFmpeg packets are made again only at a
 * takeover, once.
 */
final class StandbyBuffer implements PacketSink {
  private record Held(long position, int size, long pts, long dts, long duration, int flags, long receivedAtMs) {}


  private record Gop(long startMs, List<Held> packets) {}

  private final StandbyGate gate;
  private final StreamInfo video;
  private final PacketSink next;
  private final ArrayDeque<Gop> gops = new ArrayDeque<>();
  private final ByteRing ring = new ByteRing();
  private byte[] scratch = new byte[64 * 1024]; // one packet's bytes on their way into the ring
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
    int size = Math.max(0, packet.size());
    if (size > scratch.length) scratch = new byte[Math.max(size, 2 * scratch.length)];
    if (size > 0) packet.data().get(scratch, 0, size);
    long at = ring.append(scratch, 0, size);
    gops.peekLast().packets().add(new Held(at, size, packet.pts(), packet.dts(), packet.duration(), packet.flags(),
        receivedAtMs));
    bytes += size;
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

  /** Writes the whole buffer to the chunk writer as FFmpeg packets; true when any of it reached the archive. */
  private boolean flush() throws StorageException {
    flushed = true;
    boolean wrote = false;
    AVPacket p = av_packet_alloc();
    try {
      while (!gops.isEmpty()) {
        Gop g = gops.pollFirst();
        try {
          for (Held h : g.packets()) {
            if (av_new_packet(p, h.size()) < 0) continue; // out of memory: the buffer is a bonus
            if (h.size() > 0) p.data().capacity(h.size()).put(ring.read(h.position(), h.size()), 0, h.size());
            p.pts(h.pts()).dts(h.dts()).duration(h.duration()).flags(h.flags()).stream_index(video.streamIndex());
            try {
              wrote |= next.write(p, h.receivedAtMs());
            } finally {
              av_packet_unref(p);
            }
          }
        } finally {
          release(g);
        }
      }
    } finally {
      av_packet_free(p);
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

  /** Gives up the oldest GOP (the one just polled off the deque). */
  private void release(Gop g) {
    for (Held h : g.packets()) bytes -= h.size();
    g.packets().clear();
    Gop oldest = gops.peekFirst();
    if (oldest != null && !oldest.packets().isEmpty()) ring.releaseTo(oldest.packets().get(0).position());
    else ring.clear();
  }

  private void releaseAll() {
    while (!gops.isEmpty()) release(gops.pollFirst());
    ring.clear();
    spanMs = -1;
  }

  @Override
  public void close() {
    releaseAll();
    gate.ended(this);
    next.close();
  }
}

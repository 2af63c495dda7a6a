package io.argusvms.live;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One camera's live stream on this server, as fragmented MP4 for the viewers subscribed to it:
 * fed frame by frame by the recording (or standby) session that receives the camera here, on that
 * session's thread. A frame is made into a fragment once, whoever watches; with nobody watching a
 * frame costs one look at the (copy-on-write) viewer list ({@link #watched()}).
 *
 * <p>Every viewer gets, in order: a text message describing the stream
 * ({@code {"type":"init","codec":"avc1.64001F","width":..,"height":..,"serverId":..}}), the
 * initialization segment, then a fragment per frame from a keyframe on. A viewer whose queue is
 * full (a slow network) loses frames up to the next keyframe, never a part of a GOP, and the
 * recording never waits for it. New parameter sets (the camera reconfigured) mean a new init.
 */
public final class LiveFeed {

  /** What a viewer's connection takes; answers false when its queue is full (the message is lost). */
  public interface Viewer {
    boolean offer(Message m);

    /** The stream ended here (the camera stopped recording on this server): the viewer reconnects. */
    void end();
  }

  /** A WebSocket message: UTF-8 text or binary. */
  public record Message(byte[] bytes, boolean text) {
    public String asText() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static final long DEFAULT_FRAME = Fmp4.TIMESCALE / 25;
  private static final long MAX_FRAME = 10L * Fmp4.TIMESCALE;

  private final String serverId;
  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
  private volatile long lastFrameAtMs;

  private volatile Object publisher; // the session whose frames count; another's are ignored
  private volatile String unsupported; // why the current stream cannot be played live here, or null
  // Written by the feeding session's thread only (read by others: config, for live()).
  private volatile AvcConfig config;
  private Message initText;
  private Message initSegment;
  private long sequence;
  private long lastDts = Long.MIN_VALUE;
  private long frameDuration = DEFAULT_FRAME;

  LiveFeed(String serverId) {
    this.serverId = serverId;
  }

  private static final class Watcher {
    final Viewer viewer;
    volatile boolean needsInit = true;
    volatile boolean needsKeyframe = true;

    Watcher(Viewer viewer) {
      this.viewer = viewer;
    }
  }

  /** A viewer from now on; it gets the stream from the next keyframe. Returns what ends its watching. */
  public Runnable watch(Viewer viewer) {
    String why = unsupported;
    if (why != null) {
      viewer.offer(unsupportedMessage(why));
      viewer.end();
      return () -> { };
    }
    Watcher w = new Watcher(viewer);
    watchers.add(w);
    return () -> watchers.remove(w);
  }

  /** Anybody watching: the session copies a frame's bytes only then. */
  public boolean watched() {
    // Derived, not a flag: a flag set by watch() and cleared by a concurrent unwatch could end
    // false with a viewer still in the list (it would get no frames).
    return !watchers.isEmpty();
  }

  /** The stream delivered a frame within {@code withinMs} of {@code nowMs}. */
  public boolean live(long nowMs, long withinMs) {
    return publisher != null && nowMs - lastFrameAtMs <= withinMs;
  }

  /**
   * The stream is one live view over MSE does not carry (only H.264 is fragmented here): viewers
   * are told so, and play HLS instead.
   */
  public void unsupported(Object from, String reason) {
    if (from != publisher) return;
    unsupported = reason;
    for (Watcher w : watchers) {
      w.viewer.offer(unsupportedMessage(reason));
      w.viewer.end();
    }
    watchers.clear();
  }

  /** A frame arrived that nobody watches: only its time is kept (for {@link #live}). */
  public void arrived(Object from, long receivedAtMs) {
    if (from == publisher) lastFrameAtMs = receivedAtMs;
  }

  /**
   * The session that feeds this stream from now on: when a session is replaced by another (a
   * restart, a new attempt) before it ends, the frames and the end of the old one are ignored.
   * Returns the key it passes to {@link #frame} and {@link #ended}.
   */
  public Object publisher() {
    Object key = new Object();
    publisher = key;
    unsupported = null;
    lastDts = Long.MIN_VALUE;
    return key;
  }

  /**
   * A stream's parameter sets given out of band (the SDP's or an encoder's extradata: Annex B, or
   * an avcC record), used until a keyframe brings its own.
   */
  public void parameterSets(Object from, byte[] extradata) {
    if (from != publisher || extradata == null || extradata.length == 0) return;
    byte[][] sets = extradata[0] == 1 ? H264.fromAvcC(extradata) : null;
    if (sets != null) {
      configure(sets[0], sets[1]);
      return;
    }
    List<H264.Nal> nals = H264.nals(extradata, 0, extradata.length);
    configure(H264.first(extradata, nals, H264.SPS), H264.first(extradata, nals, H264.PPS));
  }

  /**
   * One frame, as the camera sent it.
   *
   * @param annexB the access unit with start codes
   * @param dts decode time, {@code pts} presentation time, both in 1/90000 s
   */
  public void frame(Object from, byte[] annexB, long dts, long pts, boolean key, long receivedAtMs) {
    if (from != publisher) return;
    lastFrameAtMs = receivedAtMs;
    List<H264.Nal> nals = H264.nals(annexB, 0, annexB.length);
    if (key) configure(H264.first(annexB, nals, H264.SPS), H264.first(annexB, nals, H264.PPS));
    if (lastDts != Long.MIN_VALUE && dts - lastDts > 0 && dts - lastDts <= MAX_FRAME) frameDuration = dts - lastDts;
    lastDts = dts;
    if (config == null || watchers.isEmpty()) return;
    Message fragment = new Message(Fmp4.fragment(++sequence, dts, frameDuration, pts - dts, key,
        H264.sample(annexB, nals), receivedAtMs), false);
    for (Watcher w : watchers) {
      if (w.needsKeyframe && !key) continue;
      if (w.needsInit && !(w.viewer.offer(initText) && w.viewer.offer(initSegment))) continue;
      w.needsInit = false;
      w.needsKeyframe = !w.viewer.offer(fragment);
    }
  }

  /** The session that fed this stream ended: every viewer is told, and reconnects. */
  public void ended(Object from) {
    if (from != publisher) return;
    publisher = null;
    for (Watcher w : watchers) w.viewer.end();
    watchers.clear();
    config = null;
    lastDts = Long.MIN_VALUE;
  }

  private static Message unsupportedMessage(String reason) {
    return new Message(("{\"type\":\"unsupported\",\"reason\":\"" + reason.replace("\"", "'") + "\"}")
        .getBytes(StandardCharsets.UTF_8), true);
  }

  private void configure(byte[] sps, byte[] pps) {
    if (sps == null || pps == null || (config != null && config.sameAs(sps, pps))) return;
    AvcConfig next;
    try {
      next = AvcConfig.of(sps, pps);
    } catch (IllegalArgumentException e) {
      return; // an SPS we cannot read: keep the last one (or stay unplayable live: HLS still plays)
    }
    config = next;
    initText = new Message(("{\"type\":\"init\",\"codec\":\"" + next.codec() + "\",\"width\":" + next.width()
        + ",\"height\":" + next.height() + ",\"serverId\":\"" + serverId + "\"}").getBytes(StandardCharsets.UTF_8),
        true);
    initSegment = new Message(Fmp4.init(next), false);
    for (Watcher w : watchers) {
      w.needsInit = true;
      w.needsKeyframe = true;
    }
  }
}

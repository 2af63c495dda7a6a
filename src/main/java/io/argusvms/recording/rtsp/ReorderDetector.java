package io.argusvms.recording.rtsp;

/**
 * Tells a stream with B-frames (frames sent before frames they are shown after, so presentation
 * times go back by a frame or two again and again) from a stream whose clock jumped back once (a
 * camera's encoder restarting, a shared media joined by another client). RTP carries presentation
 * times only; without the decoding order a recorder would drop every B-frame, so such a stream goes
 * to a reader that knows it. Only steps back to a frame that is not a keyframe count: a B-frame never
 * is one, and a stream sought or restarted starts again at a keyframe (GStreamer's server seeks a
 * shared stream for each new client, so several such steps may come within a second). Pure.
 */
public final class ReorderDetector {
  /** Steps back within this many access units that make a stream one with B-frames. */
  static final int STEPS = 3;
  static final int WINDOW = 64;

  private final long maxStep; // a step back further than this (1 s) is a clock that started again
  private long last = Long.MIN_VALUE;
  private long count;
  private final long[] stepsAt = new long[STEPS];
  private int steps;

  /** @param clockRate the RTP clock, ticks per second */
  public ReorderDetector(int clockRate) {
    this.maxStep = Math.max(1, clockRate);
  }

  /** One access unit's presentation time; true once the stream has shown itself to have B-frames. */
  public boolean reordered(long pts, boolean keyframe) {
    count++;
    boolean back = !keyframe && last != Long.MIN_VALUE && pts < last && last - pts <= maxStep;
    last = pts;
    if (!back) return false;
    stepsAt[steps++ % STEPS] = count;
    return steps >= STEPS && count - stepsAt[steps % STEPS] < WINDOW;
  }
}

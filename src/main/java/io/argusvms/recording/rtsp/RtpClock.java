package io.argusvms.recording.rtsp;

/**
 * Presentation times of a camera's access units, continuous across a jump of its RTP clock. A
 * camera's clock may jump back or far forward in mid-stream: GStreamer's RTSP server seeks a
 * shared stream to the start when another client's PLAY asks for "Range: npt=0-" (seen: 2.9 s
 * and 5 s back), an encoder restarts. FFmpeg's reader hides such jumps behind RTCP sender
 * reports; this one continues the clock from the frame before, as much later as the frame arrived
 * later (at least one frame step), so the chunk writer neither drops the frames after a small step
 * back nor starts a new chunk, and the times stay those of the wall clock (a standby's buffer and
 * the dead recorder's archive then line up, and their overlap is trimmed on playback). Pure.
 */
public final class RtpClock {
  private final long maxForward; // a step forward beyond this (10 s) is a jump, not a pause
  private final int clockRate;
  private long lastRaw = Long.MIN_VALUE;
  private long lastReceivedMs;
  private long lastOut;
  private long offset;
  private long frameStep;
  private long jumps;

  /** @param clockRate the RTP clock, ticks per second */
  public RtpClock(int clockRate) {
    this.maxForward = 10L * clockRate;
    this.clockRate = clockRate;
    this.frameStep = Math.max(1, clockRate / 25); // until two frames have shown the real one
  }

  /**
   * The presentation time of an access unit whose (extended) RTP time is {@code raw}, received at
   * {@code receivedAtMs}.
   */
  public long next(long raw, long receivedAtMs) {
    if (lastRaw != Long.MIN_VALUE) {
      long step = raw - lastRaw;
      if (step < 0 || step > maxForward) {
        long arrivedLater = Math.max(0, receivedAtMs - lastReceivedMs) * clockRate / 1000;
        offset = lastOut + Math.max(frameStep, arrivedLater) - raw;
        jumps++;
      } else if (step > 0) {
        frameStep = step;
      }
    }
    lastRaw = raw;
    lastReceivedMs = receivedAtMs;
    lastOut = raw + offset;
    return lastOut;
  }

  /** How often the camera's clock jumped. */
  public long jumps() {
    return jumps;
  }
}

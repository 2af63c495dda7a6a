package io.argusvms.recording;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Turns a recording session into a standby: a {@link RecordingPipeline} stage that keeps the
 * stream's last seconds in memory ({@link StandbyBuffer}, one per attempt) instead of writing them,
 * until {@link #open()}: then the buffer goes to the chunk writer first, and the stream after it.
 * The session's own thread does all the FFmpeg work before and after the switch: nothing native
 * changes threads.
 */
public final class StandbyGate {
  private final long bufferMs;
  private final long maxBytes;
  private volatile boolean open;
  private volatile StandbyBuffer current;

  /**
   * @param buffer how much of the stream to keep (cut at keyframes: a little more is kept)
   * @param maxBytes at most this much (whole GOPs are dropped first; the newest GOP is always kept)
   */
  public StandbyGate(Duration buffer, long maxBytes) {
    this.bufferMs = buffer.toMillis();
    this.maxBytes = maxBytes;
  }

  /** The stage to put in front of the chunk writer. */
  RecordingPipeline.Stage stage() {
    return (video, next) -> {
      StandbyBuffer b = new StandbyBuffer(this, video, next);
      current = b;
      return b;
    };
  }

  /**
   * How long the reader lets packets gather: {@code standbyBatch} while the gate is closed, the
   * recording's {@code recordingBatch} from the moment it opens.
   */
  LongSupplier readBatchMs(Duration standbyBatch, Duration recordingBatch) {
    long closed = standbyBatch.toMillis();
    long opened = recordingBatch.toMillis();
    return () -> open ? opened : closed;
  }

  /** From the next packet on, writes the buffer and then the stream (called by another thread). */
  public void open() {
    open = true;
  }

  public boolean isOpen() {
    return open;
  }

  /** The buffer of the current attempt holds a keyframe: a takeover now starts from the past. */
  public boolean warm() {
    StandbyBuffer b = current;
    return b != null && b.bufferedMs() >= 0;
  }

  /** Bytes held now. */
  public long bufferedBytes() {
    StandbyBuffer b = current;
    return b == null ? 0 : b.bufferedBytes();
  }

  long bufferMs() {
    return bufferMs;
  }

  long maxBytes() {
    return maxBytes;
  }

  void ended(StandbyBuffer b) {
    if (current == b) current = null;
  }
}

package io.argusvms.recording;

import java.time.Duration;

/** Reconnect waits: min, doubling, capped at max; back to min after a stream that worked. */
final class Backoff {

  private final Duration min;
  private final Duration max;
  private Duration next;

  Backoff(Duration min, Duration max) {
    this.min = min;
    this.max = max;
    this.next = min;
  }

  /** The wait before the next attempt; each call doubles the following one, up to max. */
  Duration nextDelay() {
    Duration now = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return now;
  }

  void reset() {
    next = min;
  }
}

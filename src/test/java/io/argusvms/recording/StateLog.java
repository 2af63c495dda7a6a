package io.argusvms.recording;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A RecorderStatusListener for tests: keeps every state change and lets a test wait for one. */
final class StateLog implements RecorderStatusListener {

  record Change(RecorderState state, String error) {}

  private final List<Change> changes = new ArrayList<>();

  @Override
  public synchronized void onState(RecorderState state, String error) {
    changes.add(new Change(state, error));
    notifyAll();
  }

  synchronized List<Change> changes() {
    return List.copyOf(changes);
  }

  /** Waits for a change after index {@code from} matching {@code what}; returns its index. */
  synchronized int await(int from, Predicate<Change> what, Duration within, String description) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      for (int i = from; i < changes.size(); i++) {
        if (what.test(changes.get(i))) {
          return i;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail("no " + description + " within " + within + "; changes: " + changes);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  int await(RecorderState state, Duration within) {
    return await(0, c -> c.state() == state, within, state.toString());
  }

  /** Waits for a CONNECTING change whose error contains {@code text}; returns the error. */
  String awaitError(String text, Duration within) {
    int i = await(0, c -> c.state() == RecorderState.CONNECTING && c.error() != null
        && c.error().contains(text), within, "CONNECTING error containing '" + text + "'");
    return changes().get(i).error();
  }
}

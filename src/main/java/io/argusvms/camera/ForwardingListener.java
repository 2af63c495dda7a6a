package io.argusvms.camera;

import io.argusvms.recording.RecorderState;
import io.argusvms.recording.RecorderStatusListener;

/**
 * A recording's status listener that can be pointed at another camera entity: a recording that
 * outlives its entity (a handover) reports to nobody, and one taken back by a new entity on this
 * server tells it the last state at once (a session reports each state only once).
 */
final class ForwardingListener implements RecorderStatusListener {
  private static final RecorderStatusListener NOBODY = (state, error) -> { };

  private RecorderStatusListener target;
  private RecorderState lastState;
  private String lastError;

  ForwardingListener(RecorderStatusListener target) {
    this.target = target;
  }

  @Override
  public synchronized void onState(RecorderState state, String error) {
    lastState = state;
    lastError = error;
    target.onState(state, error);
  }

  /** Whether the last state reported is RECORDING (packets reach the archive). */
  synchronized boolean recording() {
    return lastState == RecorderState.RECORDING;
  }

  /** Reports to nobody from now on. */
  synchronized void detach() {
    target = NOBODY;
  }

  /** Reports to {@code next} from now on, starting with the last state (if any). */
  synchronized void attach(RecorderStatusListener next) {
    target = next;
    if (lastState != null) next.onState(lastState, lastError);
  }
}

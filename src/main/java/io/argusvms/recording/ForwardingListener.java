package io.argusvms.recording;

/**
 * A recording's status listener that can be pointed at another listener: a recording that
 * outlives its camera entity (a handover) reports to nobody, and one taken back by a new entity,
 * or a standby promoted to recording, tells its new listener the last state at once (a session
 * reports each state only once).
 */
public final class ForwardingListener implements RecorderStatusListener {
  private static final RecorderStatusListener NOBODY = (state, error) -> { };

  private RecorderStatusListener target;
  private RecorderState lastState;
  private String lastError;

  public ForwardingListener(RecorderStatusListener target) {
    this.target = target;
  }

  @Override
  public synchronized void onState(RecorderState state, String error) {
    lastState = state;
    lastError = error;
    target.onState(state, error);
  }

  /** Whether the last state reported is RECORDING (packets reach the archive). */
  public synchronized boolean recording() {
    return lastState == RecorderState.RECORDING;
  }

  /** Why the last attempt failed, while the session is connecting again; null otherwise. */
  public synchronized String lastError() {
    return lastState == RecorderState.CONNECTING ? lastError : null;
  }

  /** Reports to nobody from now on. */
  public synchronized void detach() {
    target = NOBODY;
  }

  /** Reports to {@code next} from now on, starting with the last state (if any). */
  public synchronized void attach(RecorderStatusListener next) {
    target = next;
    if (lastState != null) next.onState(lastState, lastError);
  }
}

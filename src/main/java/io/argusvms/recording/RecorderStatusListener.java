package io.argusvms.recording;

/**
 * Told about every state change of a recording session, once per change. Called from the
 * session's own thread: implementations only hand the event on (e.g. tell an actor).
 *
 * @param error why the last attempt failed, or null
 */
@FunctionalInterface
public interface RecorderStatusListener {
  void onState(RecorderState state, String error);
}

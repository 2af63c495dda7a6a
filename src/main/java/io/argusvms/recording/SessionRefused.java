package io.argusvms.recording;

/**
 * The one wording of "the camera refused the RTSP session" (a 4xx such as 453 Not Enough
 * Bandwidth at SETUP: most often a camera out of sessions). Recorded in a camera's status, so that
 * other servers can tell this failure, which another session of theirs may be causing, from the
 * rest (storage, network, credentials).
 */
public final class SessionRefused {
  static final String PREFIX = "camera refused the session";

  private SessionRefused() {}

  /** The reason shown for such a failure of the stream at {@code where} (a redacted URL). */
  static String reason(String where) {
    return PREFIX + " (RTSP 4xx, e.g. 453: no session left; many cameras allow only a few): " + where;
  }

  /** Whether a status error says that the camera refused the session. */
  public static boolean describes(String error) {
    return error != null && error.startsWith(PREFIX);
  }
}

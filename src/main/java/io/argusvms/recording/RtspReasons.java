package io.argusvms.recording;

import io.argusvms.recording.rtsp.RtspException;

/**
 * Words the failures of Argus's RTSP reader as {@link FfmpegErrors} words FFmpeg's, so a camera's
 * status reads the same whoever reads it.
 */
final class RtspReasons {
  private RtspReasons() {}

  /**
   * @param phase what was under way: connect, options, describe, setup, play or read
   * @param where the redacted URL
   */
  static String of(RtspException e, String phase, String where, long timeoutMs) {
    return switch (e.kind()) {
      case REFUSED -> "connection refused: " + where;
      case UNREACHABLE -> "host unreachable: " + where;
      case TIMEOUT -> phase.equals("read")
          ? "stream stalled: no packet for " + timeoutMs + " ms: " + where
          : "camera did not answer within " + timeoutMs + " ms (" + phase + "): " + where;
      case CLOSED -> phase.equals("read")
          ? "camera closed the stream: " + where
          : "camera closed the connection (" + phase + "): " + where;
      case STOPPED -> "stopped";
      case STATUS -> status(e.status(), e.getMessage(), phase, where);
      case UNSUPPORTED -> "cannot read stream: " + where + ": " + e.getMessage() + " (" + phase + ")";
    };
  }

  private static String status(int status, String statusLine, String phase, String where) {
    if (status == 401) return "wrong credentials (RTSP 401 Unauthorized): " + where;
    if (status == 403) return "access denied (RTSP 403 Forbidden): " + where;
    if (status == 404) return "no such stream (RTSP 404 Not Found): " + where;
    // 453 Not Enough Bandwidth, 454 Session Not Found...: most often a camera out of sessions.
    if (status / 100 == 4 && (phase.equals("setup") || phase.equals("play"))) return SessionRefused.reason(where);
    return "cannot open stream: " + where + ": RTSP " + statusLine + " (" + phase + ")";
  }
}

package io.argusvms.recording;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_FORBIDDEN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_OTHER_4XX;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_UNAUTHORIZED;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import org.bytedeco.javacpp.BytePointer;

/** Turns FFmpeg's negative error codes into reasons an operator understands. */
final class FfmpegErrors {

  // POSIX errno values on Linux; FFmpeg returns AVERROR(e) == -e.
  private static final int ECONNREFUSED = 111;
  private static final int ETIMEDOUT = 110;
  private static final int EHOSTUNREACH = 113;
  private static final int ENETUNREACH = 101;
  private static final int ECONNRESET = 104;
  private static final int EIO = 5;
  private static final int ENOSPC = 28;
  private static final int EACCES = 13;

  private FfmpegErrors() {}

  /** The reason an attempt to open {@code where} (a redacted URL) failed with {@code code}. */
  static String openFailure(String where, int code) {
    if (code == -ECONNREFUSED) return "connection refused: " + where;
    if (code == -ETIMEDOUT) return "camera did not answer (timeout): " + where;
    if (code == -EHOSTUNREACH || code == -ENETUNREACH) return "host unreachable: " + where;
    if (code == AVERROR_HTTP_UNAUTHORIZED) return "wrong credentials (RTSP 401 Unauthorized): " + where;
    if (code == AVERROR_HTTP_FORBIDDEN) return "access denied (RTSP 403 Forbidden): " + where;
    if (code == AVERROR_HTTP_NOT_FOUND) return "no such stream (RTSP 404 Not Found): " + where;
    if (code == AVERROR_HTTP_OTHER_4XX) {
      // 453 Not Enough Bandwidth, 454 Session Not Found...: most often a camera out of sessions.
      return SessionRefused.reason(where);
    }
    return "cannot open stream: " + where + ": " + describe(code);
  }

  /** The reason reading a stream that was playing failed. */
  static String readFailure(String where, int code) {
    if (code == AVERROR_EOF || code == -ECONNRESET || code == -EIO) {
      return "camera closed the stream: " + where;
    }
    if (code == -ETIMEDOUT) return "stream stalled (no data within the socket timeout): " + where;
    return "stream read failed: " + where + ": " + describe(code);
  }

  static boolean isNoSpace(int code) {
    return code == -ENOSPC;
  }

  static boolean isAccessDenied(int code) {
    return code == -EACCES;
  }

  /**
   * FFmpeg's own text for an error code. Read up to its NUL only: a new BytePointer's limit is its
   * capacity, and getString() would return the whole buffer with whatever native memory held
   * before (seen: another request's Authorization header in a camera's status).
   */
  static String describe(int code) {
    BytePointer buf = new BytePointer(256);
    try {
      av_strerror(code, buf, buf.capacity());
      return buf.limit(0).getString() + " (" + code + ")";
    } finally {
      buf.deallocate();
    }
  }
}

package io.argusvms.recording.rtsp;

import java.io.IOException;

/** Why talking RTSP to a camera failed, as a kind the caller words for the operator. */
public final class RtspException extends IOException {

  public enum Kind {
    /** Nothing listens on the port. */
    REFUSED,
    /** The host or its network cannot be reached. */
    UNREACHABLE,
    /** No answer (connect, response) or no data (while playing) in time. */
    TIMEOUT,
    /** The camera closed the connection. */
    CLOSED,
    /** The caller asked to stop. */
    STOPPED,
    /** The camera answered with an error status: {@link #status()}. */
    STATUS,
    /** The camera sent something this reader does not understand or does not read. */
    UNSUPPORTED
  }

  private final Kind kind;
  private final int status;

  public RtspException(Kind kind, String detail) {
    this(kind, 0, detail);
  }

  public RtspException(Kind kind, int status, String detail) {
    super(detail);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** The RTSP status of a {@link Kind#STATUS} failure, else 0. */
  public int status() {
    return status;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // expected failures: the kind and detail say it all
  }
}

package io.argusvms.onvif;

/** Why talking to a device failed, named so an operator knows what to do. */
public final class OnvifException extends Exception {
  /** What kind of failure. */
  public enum Kind {
    /** No answer, refused, timed out. */
    UNREACHABLE,
    /** It answered, but not as an ONVIF device (not SOAP, not XML, an HTML page, too large). */
    NOT_ONVIF,
    /** The user name or password was refused. */
    UNAUTHORIZED,
    /** Refused, and the device's clock is too far from ours for a UsernameToken to hold. */
    CLOCK_SKEW,
    /** No media profile with H.264 or H.265 video. */
    NO_VIDEO_PROFILE,
    /** A SOAP fault or an answer without what was asked for. */
    BAD_ANSWER
  }

  private final Kind kind;

  public OnvifException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}

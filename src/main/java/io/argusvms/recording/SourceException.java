package io.argusvms.recording;

import java.io.IOException;

/**
 * A stream could not be opened or read, for a reason an operator can act on. The message is that
 * reason; it never contains credentials, and it is expected (logged without a stack trace).
 */
public class SourceException extends IOException {

  public SourceException(String reason) {
    super(reason);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // expected failures: the reason says it all
  }
}

package io.argusvms.recording;

import io.argusvms.archive.StorageLayout;
import java.io.IOException;

/** A chunk file could not be created or written (folder not writable, disk full). */
public final class StorageException extends IOException {

  public StorageException(String reason) {
    super(reason);
  }

  public StorageException(String reason, Throwable cause) {
    super(reason, cause);
  }

  /** The operating system's reason, without the exception class ("Not a directory"). */
  static String why(IOException e) {
    return StorageLayout.why(e);
  }
}

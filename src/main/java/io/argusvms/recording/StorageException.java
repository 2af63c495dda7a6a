package io.argusvms.recording;

import java.io.IOException;

/** A chunk file could not be created or written (folder not writable, disk full). */
public final class StorageException extends IOException {

  public StorageException(String reason) {
    super(reason);
  }

  public StorageException(String reason, Throwable cause) {
    super(reason, cause);
  }
}

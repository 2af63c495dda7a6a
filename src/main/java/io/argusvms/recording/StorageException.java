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

  /** The operating system's reason, without the exception class ("Not a directory"). */
  static String why(java.io.IOException e) {
    if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}

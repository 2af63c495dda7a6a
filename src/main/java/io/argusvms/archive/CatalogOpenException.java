package io.argusvms.archive;

/** The chunk catalog's folder could not be opened: locked by another process, corrupt, or I/O. */
public final class CatalogOpenException extends RuntimeException {
  public CatalogOpenException(String message, Throwable cause) {
    super(message, cause);
  }
}

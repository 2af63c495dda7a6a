package io.argusvms.merge;

/** Why a merge (or one of its internal steps) was refused or failed, with the HTTP status to report. */
public final class MergeException extends RuntimeException {
  private final int status;
  private final String code;

  public MergeException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}

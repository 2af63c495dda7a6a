package io.argusvms.merge;

import io.argusvms.system.ServiceException;

/** Why a merge (or one of its internal steps) was refused or failed, with the HTTP status to report. */
public final class MergeException extends ServiceException {

  public MergeException(int status, String code, String message) {
    super(status, code, message);
  }
}

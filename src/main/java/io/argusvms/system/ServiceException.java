package io.argusvms.system;

/**
 * An expected refusal (bad input, unknown id, conflict, not ready), with the HTTP status and machine
 * code the API reports it as ({@code {"error": code, "message": message}}). Services throw it or
 * fail their futures with it, the routes throw it for bad input; the HTTP layer only shapes it.
 */
public class ServiceException extends RuntimeException {
  private final int status;
  private final String code;

  public ServiceException(int status, String code, String message) {
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

  public static ServiceException badRequest(String field, String reason) {
    return new ServiceException(400, "bad_request", field + ": " + reason);
  }

  public static ServiceException notFound(String what) {
    return new ServiceException(404, "not_found", what + " not found");
  }

  public static ServiceException conflict(String code, String message) {
    return new ServiceException(409, code, message);
  }

  /** The System database has not reached this server yet (it is joining). */
  public static ServiceException notReady(String what) {
    return new ServiceException(503, "not_ready", "this server has not received the System database yet ("
        + what + "); try again");
  }
}

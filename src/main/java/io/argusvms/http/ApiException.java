package io.argusvms.http;

/**
 * A failure the API reports as {@code {"error": code, "message": message}} with this status.
 * Thrown (or used to fail a future) by the backend and the routes for expected errors.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
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

  public static ApiException badRequest(String field, String reason) {
    return new ApiException(400, "bad_request", field + ": " + reason);
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "not_found", what + " not found");
  }
}

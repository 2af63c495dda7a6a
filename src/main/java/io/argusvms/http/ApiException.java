package io.argusvms.http;

import io.argusvms.system.ServiceException;

/**
 * A failure the API reports as {@code {"error": code, "message": message}} with this status,
 * thrown by the routes for bad input; the services' own refusals are {@link ServiceException}s.
 */
public class ApiException extends ServiceException {

  public ApiException(int status, String code, String message) {
    super(status, code, message);
  }

  public static ApiException badRequest(String field, String reason) {
    return new ApiException(400, "bad_request", field + ": " + reason);
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "not_found", what + " not found");
  }
}

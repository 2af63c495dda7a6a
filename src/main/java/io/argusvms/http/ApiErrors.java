package io.argusvms.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.system.NotReplicated;
import io.argusvms.system.ServiceException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error leaves as {@code {"error","message"}} JSON: {@link ServiceException} with its status,
 * Pekko's rejections (unknown path 404, wrong method 405, ...) re-shaped, and anything unexpected
 * as a 500 with a generic message (logged once here, never shown to the client).
 */
final class ApiErrors {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
  private static final AllDirectives D = new AllDirectives() {};

  private ApiErrors() {}

  static ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder().matchAny(t -> D.complete(toResponse(t))).build();
  }

  static HttpResponse toResponse(Throwable t) {
    Throwable cause = unwrap(t);
    if (cause instanceof NotReplicated e) {
      return Json.response(StatusCodes.ACCEPTED, Json.object().put("replicated", false).put("message", e.getMessage()));
    }
    if (cause instanceof ServiceException e) return Json.error(e.status(), e.code(), e.getMessage());
    if (cause instanceof EntityStreamSizeException e) {
      return Json.error(413, "too_large", "The request body is larger than " + e.limit() + " bytes.");
    }
    log.error("Unexpected failure while answering an HTTP request", cause);
    return Json.error(500, "internal_error", "The server failed to answer; the error is in its log.");
  }

  /** Pekko's default rejection answers (with their statuses and headers), turned into our JSON. */
  static RejectionHandler rejectionHandler() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(ApiErrors::jsonify);
  }

  private static HttpResponse jsonify(HttpResponse response) {
    HttpEntity entity = response.entity();
    if (entity instanceof HttpEntity.Strict strict && !isJson(strict)) {
      int status = response.status().intValue();
      String text = strict.getData().utf8String();
      if (text.isBlank()) text = response.status().reason();
      JsonNode body = Json.object().put("error", code(status)).put("message", text);
      return response.withEntity(Json.response(response.status(), body).entity());
    }
    return response;
  }

  private static boolean isJson(HttpEntity entity) {
    return entity.getContentType().mediaType().toString().startsWith("application/json");
  }

  private static String code(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      default -> StatusCodes.get(status).reason()
          .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    };
  }

  static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}

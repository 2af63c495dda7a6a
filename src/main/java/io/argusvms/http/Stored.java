package io.argusvms.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.system.NotReplicated;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * The answer to a write of one resource. Replicated to a majority: {@code status} with the
 * resource. Stored here only ({@link NotReplicated}): 202 with the resource as this server now has
 * it, plus {@code "replicated": false} and why, so a client that created something still learns its
 * id. Any other failure stays a failure (the route's exception handler answers it).
 */
final class Stored {
  private Stored() {}

  static <T> CompletionStage<HttpResponse> answer(CompletionStage<T> write, StatusCode status,
      Function<T, ObjectNode> view, Supplier<T> asStoredHere) {
    return write.handle((value, failure) -> {
      if (failure == null) return Json.response(status, view.apply(value));
      if (ApiErrors.unwrap(failure) instanceof NotReplicated notReplicated) {
        return Json.response(StatusCodes.ACCEPTED, view.apply(asStoredHere.get())
            .put("replicated", false).put("message", notReplicated.getMessage()));
      }
      throw failure instanceof RuntimeException r ? r : new CompletionException(failure);
    });
  }
}

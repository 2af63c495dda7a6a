package io.argusvms.http;

import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * A request body the API reads: JSON, said so by its Content-Type. A body sent as
 * {@code text/plain} (what an HTML form or a cross-site {@code fetch} without a preflight can send)
 * is refused with 415, so another site cannot make a logged-in browser change the System.
 */
final class JsonBody {
  private static final AllDirectives D = new AllDirectives() {};

  private JsonBody() {}

  /** The body as text, when it is JSON (or empty); 415 otherwise. */
  static Route text(Function<String, Route> inner) {
    return D.extractRequestEntity(entity -> {
      boolean empty = entity.isKnownEmpty();
      if (!empty && !entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
        return D.complete(unsupported(entity.getContentType().mediaType().toString()));
      }
      return D.entity(Unmarshaller.entityToString(), inner);
    });
  }

  private static HttpResponse unsupported(String given) {
    return Json.error(415, "unsupported_media_type", "Send the body as JSON with 'Content-Type: application/json', not "
        + given + ".");
  }
}

package io.argusvms.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Who is calling, and may they: a Bearer token, HTTP Basic, or (for GET only, so an HLS player or
 * a {@code <video>} element can fetch media) a {@code ?token=} query parameter. Viewers may read;
 * anything that changes the System needs an admin.
 */
final class Authentication extends AllDirectives {
  private final ApiContext ctx;

  Authentication(ApiContext ctx) {
    this.ctx = ctx;
  }

  Route authenticated(Function<Principal, Route> inner) {
    return extractRequest(request -> parameterOptional("token", queryToken -> {
      Optional<Principal> who = identify(request, queryToken);
      if (who.isEmpty()) return complete(unauthorized());
      Principal p = who.get();
      if (!isRead(request) && !p.isAdmin()) {
        return complete(Json.error(403, "forbidden", "Only an administrator may change this; '"
            + p.username() + "' is a " + p.role() + "."));
      }
      return inner.apply(p);
    }));
  }

  private Optional<Principal> identify(HttpRequest request, Optional<String> queryToken) {
    Optional<String> header = request.getHeader("Authorization").map(h -> h.value().strip());
    if (header.isPresent()) {
      String h = header.get();
      if (h.regionMatches(true, 0, "Bearer ", 0, 7)) return ctx.tokens().verify(h.substring(7).strip());
      if (h.regionMatches(true, 0, "Basic ", 0, 6)) return basic(h.substring(6).strip());
      return Optional.empty();
    }
    if (queryToken.isPresent() && isRead(request)) return ctx.tokens().verify(queryToken.get());
    return Optional.empty();
  }

  private Optional<Principal> basic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) return Optional.empty();
    String user = decoded.substring(0, colon);
    return ctx.backend().checkPassword(user, decoded.substring(colon + 1)).map(role -> new Principal(user, role));
  }

  private static boolean isRead(HttpRequest request) {
    return request.method().equals(HttpMethods.GET) || request.method().equals(HttpMethods.HEAD);
  }

  private static HttpResponse unauthorized() {
    // Bearer, not Basic: a Basic challenge would make browsers pop a login dialog over the web client.
    return Json.error(401, "unauthorized",
            "Log in: POST /api/v1/login, then send 'Authorization: Bearer <token>' (or use HTTP Basic).")
        .addHeaders(List.of(RawHeader.create("WWW-Authenticate", "Bearer realm=\"argus\"")));
  }
}

package io.argusvms.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/** POST /api/v1/login: a user name and password in, a signed token and its expiry out. */
final class AuthRoutes extends AllDirectives {
  private final ApiContext ctx;

  AuthRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  /** Mounted under /api/v1. */
  Route route() {
    return path("login", () -> post(() -> entity(Unmarshaller.entityToString(), body -> {
      JsonFields f = new JsonFields(Json.parseObject(body), Set.of("username", "password"));
      String user = f.string("username").orElseThrow(() -> ApiException.badRequest("username", "required"));
      String password = f.string("password").orElseThrow(() -> ApiException.badRequest("password", "required"));
      return onSuccess(ctx.blocking(() -> ctx.backend().checkPassword(user, password)), role -> {
        if (role.isEmpty()) {
          return complete(Json.error(401, "bad_credentials", "Wrong user name or password."));
        }
        AuthTokens.Issued t = ctx.tokens().issue(new Principal(user, role.get()));
        ObjectNode out = Json.object().put("token", t.token()).put("expiresAt", t.expiresAtMs())
            .put("username", user).put("role", role.get());
        return complete(Json.ok(out));
      });
    })));
  }
}

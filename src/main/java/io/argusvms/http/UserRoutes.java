package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.system.ServiceException;
import io.argusvms.users.UserService.UserView;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** Users of the System: list, add, change role or password, remove. Administrators only. */
final class UserRoutes extends AllDirectives {
  static final int MAX_NAME = 64;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1," + MAX_NAME + "}");
  static final int MIN_PASSWORD = 8;

  private final ApiContext ctx;

  UserRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  /** Mounted under /api/v1, after authentication. */
  Route route(Principal who) {
    return pathPrefix("users", () -> {
      if (!who.isAdmin()) {
        return complete(Json.error(403, "forbidden", "Only an administrator may see and change users."));
      }
      return concat(
          pathEnd(() -> concat(
              get(() -> complete(Json.ok(users(ctx.users().users())))),
              post(() -> JsonBody.text(body -> {
                JsonFields f = new JsonFields(Json.parseObject(body), Set.of("username", "password", "role"));
                String name = f.string("username").orElseThrow(() -> ServiceException.badRequest("username", "required"));
                if (!NAME.matcher(name).matches()) {
                  throw ServiceException.badRequest("username", "1 to 64 letters, digits or . _ @ -");
                }
                String password = password(f.string("password")
                    .orElseThrow(() -> ServiceException.badRequest("password", "required")));
                String role = role(f.string("role").orElse(Principal.VIEWER));
                return completeWithFuture(Stored.answer(
                    ctx.blocking(() -> ctx.users().add(name, role, password)).thenCompose(s -> s),
                    StatusCodes.CREATED, UserRoutes::user, () -> ctx.users().user(name)));
              })))),
          path(segment(), name -> pathEnd(() -> concat(
              get(() -> complete(Json.ok(user(ctx.users().user(name))))),
              patch(() -> JsonBody.text(body -> {
                JsonFields f = new JsonFields(Json.parseObject(body), Set.of("password", "role"));
                String password = f.string("password").map(UserRoutes::password).orElse(null);
                String role = f.string("role").map(UserRoutes::role).orElse(null);
                return completeWithFuture(Stored.answer(
                    ctx.blocking(() -> ctx.users().update(name, role, password)).thenCompose(s -> s),
                    StatusCodes.OK, UserRoutes::user, () -> ctx.users().user(name)));
              })),
              delete(() -> onSuccess(ctx.users().remove(name), done -> complete(StatusCodes.NO_CONTENT)))))));
    });
  }

  private static String password(String p) {
    if (p.length() < MIN_PASSWORD) throw ServiceException.badRequest("password", "must be at least " + MIN_PASSWORD + " characters");
    return p;
  }

  private static String role(String r) {
    if (!r.equals(Principal.ADMIN) && !r.equals(Principal.VIEWER)) throw ServiceException.badRequest("role", "must be admin or viewer");
    return r;
  }

  static ObjectNode user(UserView u) {
    return Json.object().put("username", u.username()).put("role", u.role());
  }

  static ArrayNode users(List<UserView> users) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    users.forEach(u -> a.add(user(u)));
    return a;
  }
}

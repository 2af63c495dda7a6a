package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Replacing the System's secrets when one may have leaked. Administrators only.
 *
 * <ul>
 *   <li>{@code POST /api/v1/system/rotate/token-secret}: a new secret signs tokens from now on;
 *       every token issued before (the caller's too) is refused on every server: log in again.
 * </ul>
 */
final class RotationRoutes extends AllDirectives {
  private final ApiContext ctx;

  RotationRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  /** Mounted under /api/v1, after authentication. */
  Route route(Principal who) {
    return pathPrefix(segment("system").slash("rotate"), () -> {
      if (!who.isAdmin()) return complete(Json.error(403, "forbidden", "Only an administrator may rotate the System's secrets."));
      return path("token-secret", () -> post(() -> onSuccess(ctx.users().rotateTokenSecret(), done ->
          complete(Json.ok(Json.object().put("rotated", "token-secret")
              .put("message", "Every token issued before is refused now, this one too: log in again."))))));
    });
  }
}

package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.membership.MembershipService;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Replacing the System's secrets when one may have leaked. Administrators only.
 *
 * <ul>
 *   <li>{@code POST /api/v1/system/rotate/token-secret}: a new secret signs tokens from now on;
 *       every token issued before (the caller's too) is refused on every server: log in again.
 *   <li>{@code POST /api/v1/system/rotate/cluster-key}: a new cluster TLS key on every online
 *       server ({@link MembershipService#rotateClusterKey}); 202 with the servers rotated and
 *       those offline, which need a copy of the key.
 * </ul>
 */
final class RotationRoutes extends AllDirectives {
  private final ApiContext ctx;
  private final MembershipService membership;

  RotationRoutes(ApiContext ctx, MembershipService membership) {
    this.ctx = ctx;
    this.membership = membership;
  }

  /** Mounted under /api/v1, after authentication. */
  Route route(Principal who) {
    return pathPrefix(segment("system").slash("rotate"), () -> {
      if (!who.isAdmin()) return complete(Json.error(403, "forbidden", "Only an administrator may rotate the System's secrets."));
      return concat(
          path("token-secret", () -> post(() -> onSuccess(ctx.users().rotateTokenSecret(), done ->
              complete(Json.ok(Json.object().put("rotated", "token-secret")
                  .put("message", "Every token issued before is refused now, this one too: log in again.")))))),
          path("cluster-key", () -> post(() -> onSuccess(membership.rotateClusterKey(), r -> {
            ObjectNode body = Json.object().put("rotated", "cluster-key");
            r.rotated().forEach(body.putArray("servers")::add);
            r.offline().forEach(body.putArray("offline")::add);
            body.put("message", r.offline().isEmpty()
                ? "Every server restarts its cluster connection with the new key."
                : "Offline servers keep the old key and cannot join again: copy the folder cluster-tls of a "
                    + "rotated server's data folder to them.");
            return complete(Json.response(StatusCodes.ACCEPTED, body));
          }))));
    });
  }
}

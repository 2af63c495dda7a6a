package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.membership.MembershipService;
import io.argusvms.membership.Readiness;
import io.argusvms.servers.ServerService;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** Health and identity (public), and the System with its servers (logged in). */
final class SystemRoutes extends AllDirectives {
  private final ServerService servers;
  private final MembershipService membership;

  SystemRoutes(ServerService servers, MembershipService membership) {
    this.servers = servers;
    this.membership = membership;
  }

  /** GET /api/v1/health: public, and answered before this server is ready (then 503 "starting"). */
  Route health() {
    return path("health", () -> get(() -> {
      Optional<String> notReady = membership.notReady();
      if (notReady.isPresent()) {
        return complete(Json.response(StatusCodes.SERVICE_UNAVAILABLE,
                Json.object().put("status", "starting").put("reason", notReady.get()))
            .addHeader(RawHeader.create("Retry-After", Long.toString(Readiness.RETRY_AFTER_S))));
      }
      return complete(Json.ok(healthy()));
    }));
  }

  /** Mounted under /api/v1, before authentication, once this server is ready. */
  Route publicRoute() {
    return concat(
        path(segment("system").slash("info"), () -> get(() -> complete(Json.ok(
            Views.systemInfo(servers.identity(), servers.version()))))));
  }

  private ObjectNode healthy() {
    var health = Json.object().put("status", "ok").put("serverId", servers.serverId());
    membership.clusterView().ifPresent(c -> health.putObject("cluster")
        .put("systemId", c.systemId()).put("members", c.members()).put("lowestMember", c.lowestMember()));
    return health;
  }

  /** Mounted under /api/v1, after authentication. */
  Route route() {
    return path("system", () -> concat(
        get(() -> complete(Json.ok(system()))),
        patch(() -> JsonBody.text(body -> {
          JsonFields f = new JsonFields(Json.parseObject(body), Set.of("name"));
          var name = f.string("name").map(n -> JsonFields.validName("name", n));
          if (name.isEmpty()) return complete(Json.ok(system()));
          return onSuccess(servers.renameSystem(name.get()), id -> complete(Json.ok(system())));
        }))));
  }

  private ObjectNode system() {
    ObjectNode o = Views.systemInfo(servers.identity(), servers.version());
    o.set("servers", Views.servers(servers.servers()));
    return o;
  }
}

package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/** Health and identity (public), and the System with its servers (logged in). */
final class SystemRoutes extends AllDirectives {
  private final ApiContext ctx;

  SystemRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  /** Mounted under /api/v1, before authentication. */
  Route publicRoute() {
    return concat(
        path("health", () -> get(() -> complete(Json.ok(health())))),
        path(segment("system").slash("info"), () -> get(() -> complete(Json.ok(
            Views.systemInfo(ctx.backend().identity(), ctx.backend().version()))))));
  }

  private com.fasterxml.jackson.databind.node.ObjectNode health() {
    var health = Json.object().put("status", "ok").put("serverId", ctx.backend().serverId());
    ctx.backend().clusterView().ifPresent(c -> health.putObject("cluster")
        .put("systemId", c.systemId()).put("members", c.members()).put("lowestMember", c.lowestMember()));
    return health;
  }

  /** Mounted under /api/v1, after authentication. */
  Route route() {
    return path("system", () -> concat(
        get(() -> complete(Json.ok(system()))),
        patch(() -> entity(Unmarshaller.entityToString(), body -> {
          JsonFields f = new JsonFields(Json.parseObject(body), Set.of("name"));
          var name = f.string("name").map(n -> JsonFields.validName("name", n));
          if (name.isEmpty()) return complete(Json.ok(system()));
          return onSuccess(ctx.backend().renameSystem(name.get()), id -> complete(Json.ok(system())));
        }))));
  }

  private ObjectNode system() {
    ObjectNode o = Views.systemInfo(ctx.backend().identity(), ctx.backend().version());
    o.set("servers", Views.servers(ctx.backend().servers()));
    return o;
  }
}

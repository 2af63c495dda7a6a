package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.argusvms.servers.ServerService;
import java.util.Set;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** GET /servers, GET and PATCH /servers/{id}. */
final class ServerRoutes extends AllDirectives {
  static final int MAX_CAMERAS_LIMIT = 10_000;
  private final ServerService servers;

  ServerRoutes(ServerService servers) {
    this.servers = servers;
  }

  Route route() {
    return concat(
        path("servers", () -> get(() -> complete(Json.ok(Views.servers(servers.servers()))))),
        path(segment("servers").slash(segment()), id -> concat(
            get(() -> complete(Json.ok(Views.server(servers.existing(id))))),
            patch(() -> JsonBody.text(body -> {
              servers.existing(id);
              JsonFields f = new JsonFields(Json.parseObject(body), Set.of("name", "failoverEnabled", "maxCameras", "maxStandbys"));
              String name = f.string("name").map(n -> JsonFields.validName("name", n)).orElse(null);
              Boolean failover = f.bool("failoverEnabled").orElse(null);
              Integer max = f.integer("maxCameras", 0, MAX_CAMERAS_LIMIT).orElse(null);
              Integer standbys = f.integer("maxStandbys", 0, MAX_CAMERAS_LIMIT).orElse(null);
              return onSuccess(servers.patch(id, name, failover, max, standbys),
                  v -> complete(Json.ok(Views.server(v))));
            })))));
  }
}

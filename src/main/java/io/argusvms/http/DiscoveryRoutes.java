package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.discovery.SeenSystem;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** GET /api/v1/discovery/systems: other Systems announced on the LAN ("Find System"). */
final class DiscoveryRoutes extends AllDirectives {
  private final Supplier<List<SeenSystem>> discovered;

  DiscoveryRoutes(Supplier<List<SeenSystem>> discovered) {
    this.discovered = discovered;
  }

  /** Mounted under /api/v1, after authentication. */
  Route route() {
    return path(segment("discovery").slash("systems"), () -> get(() -> {
      ArrayNode a = Json.MAPPER.createArrayNode();
      for (SeenSystem s : discovered.get()) {
        ObjectNode o = a.addObject().put("systemId", s.systemId()).put("name", s.name()).put("version", s.version());
        s.urls().forEach(o.putArray("urls")::add);
      }
      return complete(Json.ok(a));
    }));
  }
}

package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.merge.ClusterKey;
import io.argusvms.merge.MergeException;
import io.argusvms.merge.MergeOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * POST /api/v1/system/merge, and the internal endpoints one System calls on the other during a
 * merge (export, import, leave). All need an administrator of the System that answers.
 */
final class MergeRoutes extends AllDirectives {
  private final ApiContext ctx;

  MergeRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  /** Mounted under /api/v1, after authentication. */
  Route route(Principal who) {
    return concat(
        path(segment("system").slash("merge"), () -> post(() -> authorization(auth -> json(body -> {
          JsonFields f = new JsonFields(body, Set.of("url", "username", "password", "keep"));
          String url = f.string("url").orElseThrow(() -> ApiException.badRequest("url", "required"));
          if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw ApiException.badRequest("url", "must be the http:// URL of a server of the other System");
          }
          String user = f.string("username").orElseThrow(() -> ApiException.badRequest("username", "required"));
          String password = f.string("password").orElseThrow(() -> ApiException.badRequest("password", "required"));
          String keep = f.string("keep").orElse("this");
          if (!keep.equals("this") && !keep.equals("remote")) throw ApiException.badRequest("keep", "must be this or remote");
          return onSuccess(ctx.backend().mergeSystem(url, user, password, keep.equals("this"), auth),
              outcome -> complete(Json.ok(view(outcome))));
        })))),
        pathPrefix(segment("internal").slash("system"), () -> {
          if (!who.isAdmin()) return complete(Json.error(403, "forbidden", "Only an administrator may do this."));
          return concat(
              path("export", () -> get(() -> onSuccess(ctx.backend().exportSystem(), e -> complete(Json.ok(e))))),
              path("cluster-key", () -> get(() -> complete(Json.ok(ctx.backend().clusterKey())))),
              path("import", () -> post(() -> json(body ->
                  onSuccess(ctx.backend().importSystem(body), summary -> complete(Json.ok(summary)))))),
              path("leave", () -> post(() -> authorization(auth -> json(body -> {
                JsonFields f = new JsonFields(body, Set.of("systemId", "seeds", "fanOut", "clusterKey", "clusterKeyPassword"));
                String systemId = f.string("systemId").orElseThrow(() -> ApiException.badRequest("systemId", "required"));
                List<String> seeds = seeds(f.node("seeds"));
                boolean fanOut = f.bool("fanOut").orElse(true);
                Optional<ClusterKey> key;
                try {
                  key = ClusterKey.from(body);
                } catch (MergeException e) {
                  throw ApiException.badRequest("clusterKey", "must be Base64");
                }
                return onSuccess(ctx.backend().leaveSystem(systemId, seeds, fanOut, auth, key),
                    done -> complete(Json.response(StatusCodes.ACCEPTED, Json.object().put("status", "leaving"))));
              })))));
        }));
  }

  private Route json(java.util.function.Function<ObjectNode, Route> inner) {
    return entity(Unmarshaller.entityToString(), body -> inner.apply(Json.parseObject(body)));
  }

  private Route authorization(java.util.function.Function<String, Route> inner) {
    return optionalHeaderValueByName("Authorization", h -> inner.apply(h.orElse("")));
  }

  private static List<String> seeds(JsonNode n) {
    if (n == null || !n.isArray() || n.isEmpty()) throw ApiException.badRequest("seeds", "must be a non-empty array of host:port");
    List<String> out = new ArrayList<>();
    for (JsonNode s : n) {
      if (!s.isTextual() || !s.textValue().matches("[^\\s,:/@]+:\\d{1,5}")) {
        throw ApiException.badRequest("seeds", "must contain only host:port strings");
      }
      out.add(s.textValue());
    }
    return out;
  }

  private static ObjectNode view(MergeOutcome o) {
    ObjectNode n = Json.object().put("systemId", o.systemId()).put("name", o.name()).put("kept", o.kept())
        .put("mergedSystemId", o.mergedSystemId()).put("serversAdded", o.serversAdded())
        .put("camerasAdded", o.camerasAdded()).put("usersAdded", o.usersAdded());
    o.usersSkipped().forEach(n.putArray("usersSkipped")::add);
    o.backups().forEach(n.putArray("backups")::add);
    return n;
  }
}

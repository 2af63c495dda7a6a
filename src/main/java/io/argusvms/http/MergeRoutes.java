package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.join.ClusterKey;
import io.argusvms.join.SealedSession;
import io.argusvms.join.ServerUrl;
import io.argusvms.membership.MembershipService;
import io.argusvms.merge.MergeOutcome;
import io.argusvms.system.ServiceException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * POST /api/v1/system/merge, and the internal endpoints one System calls on the other during a
 * merge (export, import, leave, cluster-key). All need an administrator of the System that
 * answers; the internal ones carry databases and keys, so they take only sealed calls
 * ({@link io.argusvms.join.SealedSession}): bodies in and out are {@code {"sealed":"..."}}.
 */
final class MergeRoutes extends AllDirectives {
  private final MembershipService membership;

  MergeRoutes(MembershipService membership) {
    this.membership = membership;
  }

  /** Mounted under /api/v1, after authentication. */
  Route route(Principal who) {
    return concat(
        path(segment("system").slash("merge"), () -> post(() -> json(body -> {
          JsonFields f = new JsonFields(body, Set.of("url", "username", "password", "keep"));
          String url = f.string("url").orElseThrow(() -> ServiceException.badRequest("url", "required"));
          try {
            ServerUrl.base(url);
          } catch (IllegalArgumentException e) {
            throw ServiceException.badRequest("url", e.getMessage());
          }
          String user = f.string("username").orElseThrow(() -> ServiceException.badRequest("username", "required"));
          String password = f.string("password").orElseThrow(() -> ServiceException.badRequest("password", "required"));
          String keep = f.string("keep").orElse("this");
          if (!keep.equals("this") && !keep.equals("remote")) throw ServiceException.badRequest("keep", "must be this or remote");
          return onSuccess(membership.merge(url, user, password, keep.equals("this")),
              outcome -> complete(Json.ok(view(outcome))));
        }))),
        pathPrefix(segment("internal").slash("system"), () -> {
          if (!who.isAdmin()) return complete(Json.error(403, "forbidden", "Only an administrator may do this."));
          return optionalAttribute(SealedCalls.VERIFIED, call -> {
            if (call.isEmpty()) {
              return complete(Json.error(400, "bad_request", "Authorization: internal System calls must be sealed "
                  + "(Argus-Sealed or Argus-System), they carry databases and keys"));
            }
            SealedSession session = call.get().session();
            return concat(
              path("export", () -> get(() -> onSuccess(membership.exportSystem(), e -> complete(sealedOk(session, e))))),
              path("cluster-key", () -> get(() -> complete(sealedOk(session, membership.clusterKey())))),
              path("import", () -> post(() -> json(session, body ->
                  onSuccess(membership.importSystem(body), summary -> complete(sealedOk(session, summary)))))),
              path("rekey", () -> post(() -> json(session, body -> {
                JsonFields f = new JsonFields(body, Set.of("step", "clusterKey", "clusterKeyPassword"));
                String step = f.string("step").orElseThrow(() -> ServiceException.badRequest("step", "required"));
                Optional<ClusterKey> key;
                try {
                  key = ClusterKey.from(body);
                } catch (IllegalArgumentException e) {
                  throw ServiceException.badRequest("clusterKey", "must be Base64");
                }
                return onSuccess(membership.rekey(step, key), done -> done
                    ? complete(Json.response(StatusCodes.ACCEPTED, Json.object().put("status", step)))
                    : complete(Json.error(409, "nothing_staged", "no new cluster key is staged on this server")));
              }))),
              path("leave", () -> post(() -> json(session, body -> {
                JsonFields f = new JsonFields(body, Set.of("systemId", "seeds", "fanOut", "clusterKey", "clusterKeyPassword"));
                String systemId = f.string("systemId").orElseThrow(() -> ServiceException.badRequest("systemId", "required"));
                List<String> seeds = seeds(f.node("seeds"));
                boolean fanOut = f.bool("fanOut").orElse(true);
                Optional<ClusterKey> key;
                try {
                  key = ClusterKey.from(body);
                } catch (IllegalArgumentException e) {
                  throw ServiceException.badRequest("clusterKey", "must be Base64");
                }
                return onSuccess(membership.leave(systemId, seeds, fanOut, key),
                    done -> complete(Json.response(StatusCodes.ACCEPTED, Json.object().put("status", "leaving"))));
              }))));
          });
        }));
  }

  private Route json(Function<ObjectNode, Route> inner) {
    return JsonBody.text(body -> inner.apply(Json.parseObject(body)));
  }

  /** A sealed request body, opened. */
  private Route json(SealedSession session, Function<ObjectNode, Route> inner) {
    return json(envelope -> {
      try {
        return inner.apply(Json.parseObject(session.open(envelope)));
      } catch (GeneralSecurityException e) {
        throw ServiceException.badRequest("sealed", "does not open with this session's key");
      }
    });
  }

  private static HttpResponse sealedOk(SealedSession session, JsonNode body) {
    return Json.ok(Json.parseObject(session.seal(body.toString())));
  }

  private static List<String> seeds(JsonNode n) {
    if (n == null || !n.isArray() || n.isEmpty()) throw ServiceException.badRequest("seeds", "must be a non-empty array of host:port");
    List<String> out = new ArrayList<>();
    for (JsonNode s : n) {
      if (!s.isTextual() || !s.textValue().matches("[^\\s,:/@]+:\\d{1,5}")) {
        throw ServiceException.badRequest("seeds", "must contain only host:port strings");
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

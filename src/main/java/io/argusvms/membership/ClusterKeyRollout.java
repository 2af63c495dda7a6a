package io.argusvms.membership;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.join.ClusterKey;
import io.argusvms.join.SystemCall;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.ServiceException;
import io.argusvms.system.SystemState;
import io.argusvms.system.SystemStore;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates the System's cluster TLS key from the server an administrator asked: a new key, staged
 * on every other online server ({@code POST /api/v1/internal/system/rekey}, sealed with the
 * token secret) and on this one, then applied everywhere ({@link ClusterKeyRotation}). A server
 * that does not take the staged key stops the rotation before anything changed (the others drop
 * it again). Blocking.
 */
final class ClusterKeyRollout {
  private static final Logger log = LoggerFactory.getLogger(ClusterKeyRollout.class);
  static final String REKEY = "/api/v1/internal/system/rekey";

  private final SystemStore store;
  private final String serverId;
  private final ClusterKeyRotation local;
  private final Supplier<byte[]> tokenSecret;
  private final HttpClient http;

  ClusterKeyRollout(SystemStore store, String serverId, ClusterKeyRotation local, Supplier<byte[]> tokenSecret,
      Executor blocking) {
    this.store = store;
    this.serverId = serverId;
    this.local = local;
    this.tokenSecret = tokenSecret;
    this.http = PeerProbe.client(blocking);
  }

  MembershipService.KeyRotation run() {
    if (local.current().isEmpty()) {
      throw ServiceException.conflict("cluster_tls_off", "this System's cluster runs plain TCP (argus.cluster.tls "
          + "off): there is no cluster key to rotate");
    }
    SystemState s = store.state();
    List<ServerInfo> online = new ArrayList<>();
    List<String> offline = new ArrayList<>();
    for (ServerInfo info : s.servers().values()) {
      if (info.id().equals(serverId)) continue;
      if (s.isOnline(info.id())) online.add(info);
      else offline.add(info.name());
    }
    ClusterKey next = local.generate();
    List<ServerInfo> staged = new ArrayList<>();
    for (ServerInfo other : online) {
      ObjectNode body = JsonNodeFactory.instance.objectNode().put("step", "stage");
      next.writeTo(body);
      if (!tell(other, body)) {
        for (ServerInfo undo : staged) tell(undo, JsonNodeFactory.instance.objectNode().put("step", "abort"));
        throw new ServiceException(503, "server_unreachable", "server '" + other.name() + "' did not take the new "
            + "cluster key; nothing changed, try again");
      }
      staged.add(other);
    }
    local.stage(next);
    List<String> rotated = new ArrayList<>();
    for (ServerInfo other : staged) {
      // Missed, it applies the staged key at its next start within ClusterKeyRotation.STAGED_FOR.
      if (!tell(other, JsonNodeFactory.instance.objectNode().put("step", "apply"))) log.warn("server {} did not confirm applying the new cluster key", other.name());
      rotated.add(other.name());
    }
    local.apply();
    rotated.add(s.servers().containsKey(serverId) ? s.servers().get(serverId).name() : serverId);
    log.warn("rotated the System's cluster key: {} restart their cluster connection; offline, needing a copy of "
        + "the key: {}", rotated, offline);
    return new MembershipService.KeyRotation(rotated, offline);
  }

  /** The answering side of {@link #REKEY}; false for a step it does not know or an apply without a staged key. */
  boolean step(String step, Optional<ClusterKey> key) {
    switch (step) {
      case "stage" -> local.stage(key.orElseThrow(() -> ServiceException.badRequest("clusterKey", "required to stage")));
      case "apply" -> {
        return local.apply();
      }
      case "abort" -> local.unstage();
      default -> throw ServiceException.badRequest("step", "must be stage, apply or abort");
    }
    return true;
  }

  private boolean tell(ServerInfo server, ObjectNode body) {
    try {
      return SystemCall.post(http, server.id(), server.url(), REKEY, body.toString(), tokenSecret.get()).statusCode() == 202;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception notAnswering) {
      return false;
    }
  }
}

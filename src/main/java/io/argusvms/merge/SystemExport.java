package io.argusvms.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.SystemIdentity;
import io.argusvms.system.SystemSecret;
import io.argusvms.system.SystemState;
import io.argusvms.system.UserRecord;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A System database as one JSON document: the backup written before a merge, and what one System
 * hands the other in a merge. Identity, servers, cameras (with their stream credentials), users
 * (with password hashes) and the token secret, which the survivor of a merge keeps so that a
 * server of the merged-away System that was offline can still be told to switch later.
 *
 * @param tokenKeyBase64 the System's token secret ("" when unknown, as in older exports)
 */
public record SystemExport(SystemIdentity identity, Map<String, ServerInfo> servers,
    Map<String, CameraConfig> cameras, Map<String, UserRecord> users, String tokenKeyBase64) {
  public static final String FORMAT = "argus-system-export";
  private static final ObjectMapper JSON = new ObjectMapper();

  public static SystemExport of(SystemState s) {
    SystemIdentity id = s.identity().orElseThrow(() -> new MergeException(503, "not_ready",
        "this server has not received its System database yet"));
    return new SystemExport(id, s.servers(), s.cameras(), s.users(),
        s.secret().map(SystemSecret::tokenKeyBase64).orElse(""));
  }

  public ObjectNode toJson(String argusVersion, long nowMs) {
    ObjectNode o = JSON.createObjectNode().put("format", FORMAT).put("formatVersion", 1)
        .put("argusVersion", argusVersion).put("exportedAt", nowMs);
    o.set("identity", JSON.valueToTree(identity));
    o.set("servers", JSON.valueToTree(servers));
    o.set("cameras", JSON.valueToTree(cameras));
    o.set("users", JSON.valueToTree(users));
    if (!tokenKeyBase64.isEmpty()) o.put("tokenKey", tokenKeyBase64);
    return o;
  }

  public static SystemExport fromJson(JsonNode n) {
    if (n == null || !FORMAT.equals(n.path("format").asText())) {
      throw new MergeException(400, "bad_request", "not an " + FORMAT + " document");
    }
    try {
      return new SystemExport(JSON.treeToValue(n.get("identity"), SystemIdentity.class),
          map(n.get("servers"), ServerInfo.class), map(n.get("cameras"), CameraConfig.class),
          map(n.get("users"), UserRecord.class), n.path("tokenKey").asText(""));
    } catch (Exception e) {
      throw new MergeException(400, "bad_request", "unreadable " + FORMAT + ": " + e.getMessage());
    }
  }

  private static <V> Map<String, V> map(JsonNode node, Class<V> type) throws Exception {
    Map<String, V> out = new LinkedHashMap<>();
    if (node == null) return out;
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.put(e.getKey(), JSON.treeToValue(e.getValue(), type));
    }
    return out;
  }

  /** host:port of the cluster addresses of the servers that are up first, then the others. */
  public List<String> seedsOnlineFirst(SystemState now) {
    return servers.values().stream()
        .sorted(Comparator.comparing((ServerInfo s) -> !now.isOnline(s.id())).thenComparing(ServerInfo::id))
        .map(s -> s.clusterAddress().substring(s.clusterAddress().indexOf('@') + 1))
        .toList();
  }

  /** host:port of every server's cluster address, the form seeds are given in. */
  public List<String> seeds() {
    return servers.values().stream()
        .map(ServerInfo::clusterAddress)
        .map(a -> a.substring(a.indexOf('@') + 1))
        .sorted()
        .toList();
  }
}

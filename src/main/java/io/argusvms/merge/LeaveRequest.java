package io.argusvms.merge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.join.ClusterKey;
import io.argusvms.join.SystemCall;
import io.argusvms.system.ServerInfo;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/v1/internal/system/leave}: tells a server of {@code systemId} (and, with
 * {@code fanOut}, its System's other online servers) to join the cluster at {@code seeds} with
 * the given cluster key. Sent across Systems by the merge, and within a System by the fan-out and
 * by a survivor telling a server that was offline during the merge.
 */
public record LeaveRequest(String systemId, List<String> seeds, boolean fanOut, Optional<ClusterKey> clusterKey) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ObjectNode toJson() {
    ObjectNode body = JSON.createObjectNode().put("systemId", systemId).put("fanOut", fanOut);
    seeds.forEach(body.putArray("seeds")::add);
    clusterKey.ifPresent(k -> k.writeTo(body));
    return body;
  }

  /**
   * Sends it to a server of the System whose token secret is given, sealed with that secret
   * ({@code Argus-System}): only that System's servers can read the key or send this.
   */
  public HttpResponse<String> sendWithin(HttpClient http, ServerInfo server, byte[] systemSecret)
      throws IOException, InterruptedException {
    return SystemCall.post(http, server.id(), server.url(), "/api/v1/internal/system/leave", toJson().toString(),
        systemSecret);
  }
}

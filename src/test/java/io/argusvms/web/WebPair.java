package io.argusvms.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.systemtest.ApiClient;
import io.argusvms.systemtest.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The two real servers the browser tests run: web-a, with the demo camera, and web-b joined to it
 * (no demo camera), both online, chunks of 2 s; an admin's API client on web-a.
 */
record WebPair(ServerProcess a, ServerProcess b, ApiClient api, String aId, String bId) implements AutoCloseable {

  static WebPair start(Path dir) throws Exception {
    ServerProcess a = new ServerProcess("web-a", dir.resolve("a"), List.of("--chunk-duration", "2s"), Map.of());
    ServerProcess b = new ServerProcess("web-b", dir.resolve("b"), List.of("--chunk-duration", "2s", "--no-demo",
        "--seeds", "127.0.0.1:" + a.clusterPort(), "--join-url", a.url()), Map.of());
    try {
      a.start();
      b.start();
      return joined(a, b);
    } catch (Exception | AssertionError e) {
      b.close(); // nothing is left running when the start fails
      a.close();
      throw e;
    }
  }

  private static WebPair joined(ServerProcess a, ServerProcess b) throws Exception {
    ApiClient api = new ApiClient(a.url()).login("admin", ServerProcess.ADMIN_PASSWORD);
    JsonNode servers = api.await("/api/v1/servers", s -> s.size() == 2
        && s.get(0).path("status").asText().equals("online") && s.get(1).path("status").asText().equals("online"),
        Duration.ofSeconds(120));
    String aId = api.get("/api/v1/health").json().get("serverId").asText();
    String bId = null;
    for (JsonNode s : servers) if (!s.get("id").asText().equals(aId)) bId = s.get("id").asText();
    return new WebPair(a, b, api, aId, bId);
  }

  /** The demo camera web-a made, once it records. */
  String recordingDemoCamera() throws Exception {
    String id = api.get("/api/v1/cameras").json().get(0).get("id").asText();
    api.await("/api/v1/cameras/" + id, c -> c.path("status").path("state").asText().equals("recording"),
        Duration.ofSeconds(60));
    return id;
  }

  @Override
  public void close() throws Exception {
    b.close();
    a.close();
  }
}

package io.argusvms.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Helpers for multi-server system tests, everything through the HTTP API. */
final class SystemFixture {
  private SystemFixture() {}

  static final Duration MOVE_TIMEOUT = Duration.ofSeconds(45);

  /** Starts the first server (it creates the System), then the others in parallel. */
  static void startAll(List<ServerProcess> servers) throws Exception {
    servers.get(0).start();
    CompletableFuture.allOf(servers.subList(1, servers.size()).stream()
        .map(s -> CompletableFuture.runAsync(() -> {
          try {
            s.start();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }))
        .toArray(CompletableFuture[]::new)).join();
  }

  static ApiClient login(ServerProcess server) throws Exception {
    return new ApiClient(server.url()).login("admin", ServerProcess.ADMIN_PASSWORD);
  }

  /**
   * Logs in once the server is settled, trying again while it restarts. After a thaw or a healed
   * partition a server may answer ok from its old view and learn only a moment later that the
   * others removed it; it then restarts its actor system (503 "starting", or no answer for a
   * moment). Seen in CI: a login right after the thaw failed that way. Only those two are tried
   * again: any other answer (a wrong password) fails at once, and so does a server whose process
   * ended.
   */
  static ApiClient loginOnceSettled(ServerProcess server, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        server.awaitHealthy(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        return login(server);
      } catch (IOException | IllegalStateException e) {
        boolean restarting = e instanceof IOException || String.valueOf(e.getMessage()).startsWith("login failed: 503");
        if (!restarting || !server.isAlive() || System.nanoTime() > deadline) throw e;
        Thread.sleep(1_000);
      }
    }
  }

  /** Server name -> id, once every server is listed online. */
  static Map<String, String> serverIds(ApiClient api, int expected) throws Exception {
    JsonNode servers = api.await("/api/v1/servers", list -> {
      int online = 0;
      for (JsonNode s : list) if ("online".equals(s.path("status").asText())) online++;
      return online >= expected;
    }, Duration.ofSeconds(60));
    Map<String, String> ids = new HashMap<>();
    for (JsonNode s : servers) ids.put(s.get("name").asText(), s.get("id").asText());
    return ids;
  }

  static String addCamera(ApiClient api, String name, String url, String homeServerId, String priority) throws Exception {
    String body = "{\"name\":\"" + name + "\",\"url\":\"" + url + "\",\"homeServerId\":\"" + homeServerId
        + "\",\"failoverPriority\":\"" + priority + "\"}";
    ApiClient.Response r = api.post("/api/v1/cameras", body);
    if (r.status() != 201) throw new AssertionError("adding camera " + name + ": " + r.status() + " " + r.body());
    return r.json().get("id").asText();
  }

  /** Waits until the camera records on that server (serverId null: until it is unplaced). */
  static JsonNode awaitOn(ApiClient api, String cameraId, String serverId) throws Exception {
    return api.await("/api/v1/cameras/" + cameraId, c -> {
      JsonNode st = c.path("status");
      if (serverId == null) return "unplaced".equals(st.path("state").asText());
      return "recording".equals(st.path("state").asText()) && serverId.equals(st.path("serverId").asText());
    }, MOVE_TIMEOUT);
  }

  static JsonNode server(ApiClient api, String id) throws Exception {
    return api.get("/api/v1/servers/" + id).json();
  }

  static void patchServer(ApiClient api, String id, String json) throws Exception {
    ApiClient.Response r = api.patch("/api/v1/servers/" + id, json);
    if (r.status() != 200) throw new AssertionError("PATCH server: " + r.status() + " " + r.body());
  }

  /**
   * The longest time in {@code [from, to]} that no server recorded the camera, from the System's
   * periods (all servers' chunks joined), once every server's periods are available.
   */
  static long longestHoleMs(ApiClient api, String cameraId, long from, long to) throws Exception {
    JsonNode periods = api.await("/api/v1/cameras/" + cameraId + "/periods?from=" + from + "&to=" + to,
        p -> p.size() > 0 && p.findValues("available").stream().allMatch(JsonNode::asBoolean), Duration.ofSeconds(30));
    List<long[]> spans = new java.util.ArrayList<>();
    for (JsonNode p : periods) spans.add(new long[] {p.get("startMs").asLong(), p.get("endMs").asLong()});
    spans.sort(java.util.Comparator.comparingLong(x -> x[0]));
    long covered = from;
    long longest = 0;
    for (long[] sp : spans) {
      if (sp[0] > covered) longest = Math.max(longest, Math.min(sp[0], to) - covered);
      covered = Math.max(covered, sp[1]);
      if (covered >= to) break;
    }
    return Math.max(longest, to - covered);
  }

  /** The value of one series of a server's /metrics (name with its labels, as printed). */
  static double metric(ApiClient api, String name) throws Exception {
    for (String line : api.get("/metrics").body().split("\n")) {
      if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1).trim());
    }
    throw new AssertionError("no metric " + name);
  }
}

package io.argusvms.http;

import static io.argusvms.http.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.system.DataKeys;
import io.argusvms.system.ServerInfo;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that is not registered in its System yet (it just joined) says "starting" on
 * /api/v1/health and answers 503 with a reason and Retry-After to every call that needs the
 * System, the join handshake and logins included: never a 400 for a server it does not know yet,
 * never a 401 for users that have not arrived.
 */
class ReadinessApiTest {
  ApiTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new ApiTestServer();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private void unregister() {
    server.backend.store.remove(DataKeys.SERVERS, "s1");
  }

  private static void assertStarting(HttpResponse<String> r) throws Exception {
    assertEquals(503, r.statusCode(), r.body());
    assertEquals("2", r.headers().firstValue("Retry-After").orElse(""), r.body());
    JsonNode body = json(r);
    assertTrue(body.path("message").asText().contains("joining the System") || body.path("reason").asText()
        .contains("joining the System"), r.body());
  }

  @Test
  void healthSaysStartingWithTheReasonUntilThisServerIsRegistered() throws Exception {
    unregister();
    HttpResponse<String> r = server.send(server.request("/api/v1/health").GET().build());
    assertStarting(r);
    assertEquals("starting", json(r).get("status").asText());
    assertTrue(json(r).get("reason").asText().contains("not registered"), r.body());

    server.backend.putServer(new ServerInfo("s1", "Server One", "http://127.0.0.1:7001", TestSystem.address("s1"),
        true, 100), true);
    HttpResponse<String> ok = server.send(server.request("/api/v1/health").GET().build());
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("ok", json(ok).get("status").asText());
  }

  @Test
  void everyCallThatNeedsTheSystemIs503NotA400Or401() throws Exception {
    String admin = server.adminToken();
    unregister();
    assertStarting(server.send("POST", "/api/v1/login", null, "{\"username\":\"admin\",\"password\":\"admin-pw\"}"));
    assertStarting(server.send("POST", "/api/v1/cameras", admin, "{\"name\":\"x\",\"url\":\"demo://x\",\"homeServerId\":\"s1\"}"));
    assertStarting(server.get("/api/v1/cameras", admin));
    assertStarting(server.send(server.request("/api/v1/system/join?username=admin").GET().build()));
    assertStarting(server.send(server.request("/api/v1/system/info").GET().build()));
    assertStarting(server.get("/metrics", admin));
  }

  @Test
  void aServerWithoutUsersYetIsNotReady() throws Exception {
    server.backend.store.remove(DataKeys.USERS, "admin");
    server.backend.store.remove(DataKeys.USERS, "watcher");
    HttpResponse<String> r = server.send("POST", "/api/v1/login", null, "{\"username\":\"admin\",\"password\":\"admin-pw\"}");
    assertStarting(r);
    assertTrue(json(r).get("message").asText().contains("users"), r.body());
  }
}

package io.argusvms.http;

import static io.argusvms.http.ApiTestServer.assertError;
import static io.argusvms.http.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rotating the System's token secret: every token issued before is refused at once. */
class RotationApiTest {
  ApiTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new ApiTestServer();
    server.backend.putCamera("cam-a", "Front");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void aNewTokenSecretEndsEveryTokenIssuedBefore() throws Exception {
    String admin = server.adminToken();
    String viewer = server.viewerToken();
    String media = json(server.get("/api/v1/cameras/cam-a/media-token", viewer)).get("token").asText();
    assertEquals(200, server.get("/api/v1/cameras", viewer).statusCode());

    assertEquals(200, server.send("POST", "/api/v1/system/rotate/token-secret", admin, "").statusCode());

    assertError(server.get("/api/v1/cameras", admin), 401, "Log in");
    assertError(server.get("/api/v1/cameras", viewer), 401, "Log in");
    assertError(server.send(server.request("/api/v1/cameras/cam-a/live.m3u8?token=" + media).GET().build()), 401, "Log in");
    String again = server.adminToken();
    assertEquals(200, server.get("/api/v1/cameras", again).statusCode());
  }

  @Test
  void onlyAnAdministratorRotates() throws Exception {
    assertError(server.send("POST", "/api/v1/system/rotate/token-secret", server.viewerToken(), ""), 403, "administrator");
    assertError(server.send("POST", "/api/v1/system/rotate/token-secret", null, ""), 401, "Log in");
  }

  @Test
  void aPlainTcpClusterHasNoKeyToRotate() throws Exception {
    assertError(server.send("POST", "/api/v1/system/rotate/cluster-key", server.adminToken(), ""), 409, "plain TCP");
  }
}

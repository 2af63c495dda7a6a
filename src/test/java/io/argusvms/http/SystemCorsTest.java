package io.argusvms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API answers the web clients of the System's own servers across origins, and no one else's. */
class SystemCorsTest {
  static ApiTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new ApiTestServer();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void originsAreComparedByWhereTheyAnswer() {
    List<String> servers = List.of("http://127.0.0.1:7001", "https://Cam-Server.example:443/");
    assertTrue(SystemCors.isServerOf("http://127.0.0.1:7001", servers));
    assertTrue(SystemCors.isServerOf("https://cam-server.example", servers));
    assertFalse(SystemCors.isServerOf("http://127.0.0.1:7002", servers));
    assertFalse(SystemCors.isServerOf("https://127.0.0.1:7001", servers));
    assertFalse(SystemCors.isServerOf("null", servers));
    assertFalse(SystemCors.isServerOf("http://evil.example", servers));
    assertFalse(SystemCors.isServerOf("::not a url", servers));
  }

  @Test
  void anotherServersPageMayCallTheApiAndAStrangersMayNot() throws Exception {
    String other = "http://127.0.0.1:7011"; // server s2 of the test System
    HttpResponse<String> preflight = server.send(server.request("/api/v1/cameras")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", other)
        .header("Access-Control-Request-Method", "GET").header("Access-Control-Request-Headers", "authorization").build());
    assertEquals(204, preflight.statusCode(), preflight.body());
    assertEquals(other, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));
    HttpResponse<String> get = server.send(server.request("/api/v1/cameras").header("Origin", other)
        .header("Authorization", "Bearer " + server.viewerToken()).GET().build());
    assertEquals(200, get.statusCode(), get.body());
    assertEquals(other, get.headers().firstValue("Access-Control-Allow-Origin").orElse(""));

    String stranger = "http://evil.example";
    HttpResponse<String> refused = server.send(server.request("/api/v1/cameras")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", stranger)
        .header("Access-Control-Request-Method", "GET").build());
    assertTrue(refused.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), refused.headers().toString());
    HttpResponse<String> read = server.send(server.request("/api/v1/cameras").header("Origin", stranger)
        .header("Authorization", "Bearer " + server.viewerToken()).GET().build());
    assertTrue(read.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), read.headers().toString());
  }
}

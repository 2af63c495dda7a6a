package io.argusvms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The merge URL is not a way to read other servers: only its scheme, host and port are used (a
 * path or a trailing '#' cannot redirect our calls), and what the other side answers is never
 * copied into our answer.
 */
class MergeUrlApiTest {
  static ApiTestServer server;
  static HttpServer other;
  static final List<String> asked = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    server = new ApiTestServer();
    other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    other.createContext("/", exchange -> {
      asked.add(exchange.getRequestURI().getRawPath());
      byte[] body = "TOP-SECRET page of an internal server".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(500, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    other.start();
  }

  @AfterAll
  static void stop() throws Exception {
    other.stop(0);
    server.close();
  }

  @Test
  void aMergeUrlReachesOnlyTheApiOfThatHostAndNothingOfItsAnswerIsEchoed() throws Exception {
    String url = "http://127.0.0.1:" + other.getAddress().getPort() + "/admin/secret?x=1#";
    HttpResponse<String> r = server.send("POST", "/api/v1/system/merge", server.adminToken(),
        "{\"url\":\"" + url + "\",\"username\":\"admin\",\"password\":\"pw\",\"keep\":\"this\"}");
    assertEquals(503, r.statusCode(), r.body());
    assertFalse(r.body().contains("TOP-SECRET"), r.body());
    assertFalse(asked.isEmpty(), "the other server was asked");
    for (String path : asked) assertTrue(path.startsWith("/api/v1/"), "asked for " + path);
  }

  @Test
  void aUrlWithCredentialsOrAnotherSchemeIsABadRequest() throws Exception {
    for (String url : List.of("http://user:pw@127.0.0.1:1/", "file:///etc/passwd", "gopher://127.0.0.1:70/")) {
      HttpResponse<String> r = server.send("POST", "/api/v1/system/merge", server.adminToken(),
          "{\"url\":\"" + url + "\",\"username\":\"admin\",\"password\":\"pw\"}");
      ApiTestServer.assertError(r, 400, "url");
    }
  }
}

package io.argusvms.http;

import static io.argusvms.http.ApiTestServer.assertError;
import static io.argusvms.http.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SystemAndServerApiTest {
  static ApiTestServer server;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    server = new ApiTestServer();
    admin = server.adminToken();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void serversHaveTheContractShape() throws Exception {
    JsonNode servers = json(server.get("/api/v1/servers", admin));
    assertEquals(2, servers.size());
    JsonNode s2 = servers.get(1);
    assertEquals("s2", s2.get("id").asText());
    assertEquals("offline", s2.get("status").asText());
    assertFalse(s2.get("failoverEnabled").asBoolean());
    assertEquals(50, s2.get("maxCameras").asInt());
    assertEquals(50, s2.get("maxStandbys").asInt(), "as many standbys as cameras unless set");
    assertEquals(0, s2.get("cameraCount").asInt());
    assertEquals("/data/s2", s2.get("storage").get("path").asText());
    assertEquals(2000, s2.get("storage").get("totalBytes").asLong());
    assertTrue(s2.get("storage").get("writable").asBoolean());
    assertFalse(s2.has("clusterAddress"));
    assertEquals(s2, json(server.get("/api/v1/servers/s2", admin)));
  }

  @Test
  void patchServerValidatesAndApplies() throws Exception {
    HttpResponse<String> ok = server.send("PATCH", "/api/v1/servers/s1", admin,
        "{\"name\":\"Main\",\"failoverEnabled\":false,\"maxCameras\":10000}");
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("Main", json(ok).get("name").asText());
    assertEquals(10000, json(ok).get("maxCameras").asInt());
    HttpResponse<String> standbys = server.send("PATCH", "/api/v1/servers/s1", admin, "{\"maxStandbys\":3}");
    assertEquals(200, standbys.statusCode(), standbys.body());
    assertEquals(3, json(standbys).get("maxStandbys").asInt());
    assertEquals(10000, json(standbys).get("maxCameras").asInt(), "fields not sent keep their value");
    assertError(server.send("PATCH", "/api/v1/servers/s1", admin, "{\"maxStandbys\":-1}"), 400, "maxStandbys");
    assertError(server.send("PATCH", "/api/v1/servers/s1", admin, "{\"maxStandbys\":10001}"), 400, "maxStandbys");
    assertError(server.send("PATCH", "/api/v1/servers/s1", admin, "{\"maxCameras\":10001}"), 400, "maxCameras");
    assertError(server.send("PATCH", "/api/v1/servers/s1", admin, "{\"maxCameras\":-1}"), 400, "maxCameras");
    assertError(server.send("PATCH", "/api/v1/servers/s1", admin, "{\"maxCameras\":2.5}"), 400, "maxCameras");
    assertError(server.send("PATCH", "/api/v1/servers/s1", admin, "{\"failoverEnabled\":1}"), 400, "failoverEnabled");
    assertError(server.send("PATCH", "/api/v1/servers/s1", admin, "{\"name\":\"\"}"), 400, "name");
    assertError(server.send("PATCH", "/api/v1/servers/s1", admin, "{\"url\":\"x\"}"), 400, "url");
    assertError(server.send("PATCH", "/api/v1/servers/s9", admin, "{\"name\":\"x\"}"), 404, "s9");
    assertError(server.get("/api/v1/servers/s9", admin), 404, "s9");
  }

  @Test
  void systemListsServersAndCanBeRenamed() throws Exception {
    JsonNode sys = json(server.get("/api/v1/system", admin));
    assertEquals("sys-1", sys.get("systemId").asText());
    assertEquals(2, sys.get("servers").size());
    HttpResponse<String> r = server.send("PATCH", "/api/v1/system", admin, "{\"name\":\"Warehouse\"}");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("Warehouse", json(r).get("name").asText());
    assertEquals("Warehouse", json(server.send(server.request("/api/v1/system/info").GET().build())).get("name").asText());
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405AsJson() throws Exception {
    assertError(server.get("/api/v1/nothing-here", admin), 404, "");
    assertError(server.send(server.request("/nothing").GET().build()), 404, "");
    HttpResponse<String> r = server.send("PUT", "/api/v1/cameras", admin, "{}");
    assertError(r, 405, "");
    assertError(server.send("DELETE", "/api/v1/servers", admin, null), 405, "");
  }

  @Test
  void anUnexpectedBackendFailureIsA500WithoutDetails() throws Exception {
    server.backend.storageFailure = new IllegalStateException("database row 42 is corrupt");
    try {
      HttpResponse<String> r = server.get("/api/v1/servers", admin);
      assertError(r, 500, "log");
      assertFalse(r.body().contains("corrupt") || r.body().contains("Exception"), r.body());
    } finally {
      server.backend.storageFailure = null;
    }
  }

  @Test
  void metricsHaveBackendFiguresAndHttpCounts() throws Exception {
    server.get("/api/v1/servers", admin);
    HttpResponse<String> r = server.get("/metrics", admin);
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("argus_cameras{state=\"recording\"}"), r.body());
    assertTrue(r.body().contains("argus_http_requests_total{method=\"GET\",code=\"200\"}"), r.body());
    assertTrue(r.body().contains("argus_http_request_duration_seconds_count"), r.body());
  }
}

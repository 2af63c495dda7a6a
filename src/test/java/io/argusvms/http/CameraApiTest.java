package io.argusvms.http;

import static io.argusvms.http.ApiTestServer.assertError;
import static io.argusvms.http.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.FailoverPriority;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CameraApiTest {
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

  private static HttpResponse<String> create(String json) throws Exception {
    return server.send("POST", "/api/v1/cameras", admin, json);
  }

  @Test
  void createGetPatchDeleteRoundTrip() throws Exception {
    HttpResponse<String> created = create("{\"name\":\" Lobby \",\"url\":\"rtsp://10.1.1.9:8554/live\","
        + "\"homeServerId\":\"s2\",\"failoverPriority\":\"high\",\"recording\":false}");
    assertEquals(201, created.statusCode(), created.body());
    JsonNode cam = json(created);
    String id = cam.get("id").asText();
    UUID.fromString(id);
    assertEquals(new TreeSet<>(Set.of("id", "name", "url", "homeServerId", "failoverPriority", "recording", "standby", "status")),
        fieldNames(cam));
    assertEquals("Lobby", cam.get("name").asText());
    assertEquals("rtsp://10.1.1.9:8554/live", cam.get("url").asText());
    assertEquals("s2", cam.get("homeServerId").asText());
    assertEquals("high", cam.get("failoverPriority").asText());
    assertTrue(cam.get("standby").asBoolean(), "High cameras have a standby unless told otherwise");
    assertFalse(cam.get("recording").asBoolean());
    assertEquals("disabled", cam.get("status").get("state").asText(), "recording:false");
    assertEquals(0, cam.get("status").get("since").asLong(), "no server has reported it yet");
    assertTrue(cam.get("status").get("serverId").isNull());

    assertEquals(cam, json(server.get("/api/v1/cameras/" + id, admin)));

    HttpResponse<String> patched = server.send("PATCH", "/api/v1/cameras/" + id, admin,
        "{\"name\":\"Lobby 2\",\"failoverPriority\":\"never\"}");
    assertEquals(200, patched.statusCode(), patched.body());
    assertEquals("Lobby 2", json(patched).get("name").asText());
    assertEquals("never", json(patched).get("failoverPriority").asText());
    assertFalse(json(patched).get("standby").asBoolean(), "a camera that never fails over has no standby");
    assertEquals("s2", json(patched).get("homeServerId").asText(), "fields not sent keep their value");

    assertEquals(204, server.send("DELETE", "/api/v1/cameras/" + id, admin, null).statusCode());
    assertError(server.get("/api/v1/cameras/" + id, admin), 404, id);
  }

  @Test
  void createAppliesDefaults() throws Exception {
    JsonNode cam = json(create("{\"name\":\"Demo\",\"url\":\"demo://anything\"}"));
    assertEquals("s1", cam.get("homeServerId").asText());
    assertEquals("medium", cam.get("failoverPriority").asText());
    assertTrue(cam.get("recording").asBoolean());
    assertFalse(cam.get("standby").asBoolean(), "Medium: no standby by default");
  }

  @Test
  void standbyIsTheOperatorsChoiceAndFollowsThePriorityUntilMade() throws Exception {
    JsonNode cam = json(create("{\"name\":\"Door\",\"url\":\"demo://door\"}"));
    String path = "/api/v1/cameras/" + cam.get("id").asText();
    JsonNode high = json(server.send("PATCH", path, admin, "{\"failoverPriority\":\"high\"}"));
    assertTrue(high.get("standby").asBoolean(), "no choice made: follows the priority");
    JsonNode off = json(server.send("PATCH", path, admin, "{\"standby\":false}"));
    assertFalse(off.get("standby").asBoolean());
    assertEquals(Boolean.FALSE, server.backend.config(cam.get("id").asText()).orElseThrow().standby(), "stored");
    JsonNode stillOff = json(server.send("PATCH", path, admin, "{\"failoverPriority\":\"medium\"}"));
    assertFalse(stillOff.get("standby").asBoolean(), "the choice survives a priority change");
    JsonNode mediumOn = json(server.send("PATCH", path, admin, "{\"standby\":true}"));
    assertTrue(mediumOn.get("standby").asBoolean(), "a Medium camera may have one");
    assertError(server.send("PATCH", path, admin, "{\"failoverPriority\":\"never\",\"standby\":true}"),
        400, "standby");
    assertEquals(FailoverPriority.MEDIUM, server.backend.config(cam.get("id").asText()).orElseThrow().failoverPriority(),
        "a refused change changes nothing");
  }

  @Test
  void credentialsInTheUrlMoveIntoFieldsAndAreNeverEchoed() throws Exception {
    HttpResponse<String> r = create("{\"name\":\"Gate\",\"url\":\"rtsp://bob:p%40ss@cam.local:554/h264\"}");
    assertEquals(201, r.statusCode(), r.body());
    JsonNode cam = json(r);
    assertEquals("rtsp://cam.local:554/h264", cam.get("url").asText());
    assertFalse(r.body().contains("p@ss") || r.body().contains("p%40ss") || r.body().contains("bob"), r.body());
    CameraConfig stored = server.backend.config(cam.get("id").asText()).orElseThrow();
    assertEquals("bob", stored.username());
    assertEquals("p@ss", stored.password());
    assertEquals("rtsp://cam.local:554/h264", stored.url());
  }

  @Test
  void credentialsInFieldsAreStoredAndNotEchoed() throws Exception {
    HttpResponse<String> r = create("{\"name\":\"Yard\",\"url\":\"rtsp://cam.local/s\",\"username\":\"eve\",\"password\":\"hunter2\"}");
    assertEquals(201, r.statusCode(), r.body());
    assertFalse(r.body().contains("hunter2"), r.body());
    CameraConfig stored = server.backend.config(json(r).get("id").asText()).orElseThrow();
    assertEquals("eve", stored.username());
    assertEquals("hunter2", stored.password());
  }

  @Test
  void listNeverContainsPasswords() throws Exception {
    server.backend.putCamera("listed", "Listed");
    HttpResponse<String> r = server.get("/api/v1/cameras", admin);
    assertEquals(200, r.statusCode());
    assertFalse(r.body().contains("secret"), r.body());
  }

  @Test
  void eachInvalidFieldIsNamed() throws Exception {
    assertError(create("{\"url\":\"demo://x\"}"), 400, "name");
    assertError(create("{\"name\":\"   \",\"url\":\"demo://x\"}"), 400, "name");
    assertError(create("{\"name\":\"" + "n".repeat(101) + "\",\"url\":\"demo://x\"}"), 400, "name");
    assertError(create("{\"name\":42,\"url\":\"demo://x\"}"), 400, "name");
    assertError(create("{\"name\":\"a\"}"), 400, "url");
    assertError(create("{\"name\":\"a\",\"url\":\"http://cam/stream\"}"), 400, "url");
    assertError(create("{\"name\":\"a\",\"url\":\"rtsp:///nohost\"}"), 400, "url");
    assertError(create("{\"name\":\"a\",\"url\":\"rtsp://cam:99999/x\"}"), 400, "url");
    assertError(create("{\"name\":\"a\",\"url\":\"demo://x\",\"failoverPriority\":\"urgent\"}"), 400, "failoverPriority");
    assertError(create("{\"name\":\"a\",\"url\":\"demo://x\",\"homeServerId\":\"s9\"}"), 400, "homeServerId");
    assertError(create("{\"name\":\"a\",\"url\":\"demo://x\",\"recording\":\"yes\"}"), 400, "recording");
    assertError(create("{\"name\":\"a\",\"url\":\"demo://x\",\"standby\":\"on\"}"), 400, "standby");
    assertError(create("{\"name\":\"a\",\"url\":\"demo://x\",\"failoverPriority\":\"never\",\"standby\":true}"),
        400, "standby");
    assertError(create("{\"name\":\"a\",\"url\":\"demo://x\",\"color\":\"red\"}"), 400, "color");
    assertError(create("{\"name\":\"a\",\"url\":\"rtsp://u:p@cam/x\",\"username\":\"v\"}"), 400, "username");
    assertError(create("{\"name\":\"a\",\"url\":\"rtsp://cam/x\",\"password\":\"p\"}"), 400, "username");
    assertError(server.send("PATCH", "/api/v1/cameras/" + server.backend.putCamera("p1", "P1"), admin,
        "{\"id\":\"other\"}"), 400, "id");
  }

  @Test
  void patchKeepsCredentialsWhenOnlyTheUrlChanges() throws Exception {
    String id = server.backend.putCamera("cred-keep", "Creds");
    HttpResponse<String> r = server.send("PATCH", "/api/v1/cameras/" + id, admin, "{\"url\":\"rtsp://10.0.0.6/other\"}");
    assertEquals(200, r.statusCode(), r.body());
    CameraConfig stored = server.backend.config(id).orElseThrow();
    assertEquals("rtsp://10.0.0.6/other", stored.url());
    assertEquals("cam", stored.username());
    assertEquals("secret", stored.password());
  }

  @Test
  void malformedJsonIs400() throws Exception {
    assertError(create("{\"name\": "), 400, "not valid JSON");
    assertError(create("[1,2]"), 400, "JSON object");
    assertError(create(""), 400, "JSON");
  }

  @Test
  void unknownCameraIs404OnEveryVerb() throws Exception {
    assertError(server.get("/api/v1/cameras/nope", admin), 404, "nope");
    assertError(server.send("PATCH", "/api/v1/cameras/nope", admin, "{\"name\":\"x\"}"), 404, "nope");
    assertError(server.send("DELETE", "/api/v1/cameras/nope", admin, null), 404, "nope");
  }

  @Test
  void failoverPriorityChangesManyCamerasAtOnce() throws Exception {
    server.backend.putCamera("fp-1", "FP1");
    server.backend.putCamera("fp-2", "FP2");
    HttpResponse<String> r = server.send("POST", "/api/v1/cameras/failover-priority", admin,
        "{\"cameraIds\":[\"fp-1\",\"fp-2\"],\"priority\":\"low\"}");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(2, json(r).size());
    for (String id : List.of("fp-1", "fp-2")) {
      assertEquals(FailoverPriority.LOW, server.backend.config(id).orElseThrow().failoverPriority());
    }
    assertError(server.send("POST", "/api/v1/cameras/failover-priority", admin,
        "{\"cameraIds\":[\"fp-1\"],\"priority\":\"soon\"}"), 400, "priority");
    assertError(server.send("POST", "/api/v1/cameras/failover-priority", admin,
        "{\"cameraIds\":[],\"priority\":\"low\"}"), 400, "cameraIds");
    assertError(server.send("POST", "/api/v1/cameras/failover-priority", admin,
        "{\"cameraIds\":[\"fp-1\",\"ghost\"],\"priority\":\"high\"}"), 404, "ghost");
    assertEquals(FailoverPriority.LOW, server.backend.config("fp-1").orElseThrow().failoverPriority(),
        "a request naming an unknown camera changes nothing");
  }

  @Test
  void illFormedTextIsRefusedAndLaterWritesStillWork() throws Exception {
    // A lone surrogate: JSON can carry it, the System database's serializer cannot store it.
    assertError(create("{\"name\":\"\\ud800\",\"url\":\"demo://x\"}"), 400, "name");
    assertError(create("{\"name\":\"ok\",\"url\":\"demo://\\udc00\"}"), 400, "url");
    assertEquals(201, create("{\"name\":\"\\ud83d\\ude00 smile\",\"url\":\"demo://x\"}").statusCode(),
        "a surrogate pair is fine");
  }

  private static Set<String> fieldNames(JsonNode n) {
    Set<String> names = new TreeSet<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}

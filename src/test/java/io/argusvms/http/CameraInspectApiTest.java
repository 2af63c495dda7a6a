package io.argusvms.http;

import static io.argusvms.http.ApiTestServer.assertError;
import static io.argusvms.http.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.testing.OnvifDevice;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /api/v1/discovery/cameras/inspect over the real HTTP server against a simulated ONVIF
 * device: its profiles with their stream URIs, and each way it can fail as a named 4xx.
 */
class CameraInspectApiTest {
  ApiTestServer server;
  OnvifDevice device;

  @BeforeEach
  void start() throws Exception {
    server = new ApiTestServer();
    device = new OnvifDevice("admin", "cam-pw", 0, "rtsp://127.0.0.1:8554/cam0");
  }

  @AfterEach
  void stop() throws Exception {
    device.close();
    server.close();
  }

  private HttpResponse<String> inspect(String token, String address, String user, String password) throws Exception {
    ObjectNode body = Json.object();
    if (address != null) body.put("address", address);
    if (user != null) body.put("username", user);
    if (password != null) body.put("password", password);
    return server.send("POST", "/api/v1/discovery/cameras/inspect", token, body.toString());
  }

  @Test
  void anAdminGetsTheDevicesProfilesAndStreamUris() throws Exception {
    HttpResponse<String> r = inspect(server.adminToken(), device.deviceServiceUrl(), "admin", "cam-pw");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode d = json(r);
    assertEquals("Argus Test", d.get("manufacturer").asText());
    assertEquals("Sim-1", d.get("model").asText());
    assertTrue(d.has("deviceTime") && d.has("clockSkewMs"), r.body());
    assertEquals(2, d.get("profiles").size());
    JsonNode main = d.get("profiles").get(0);
    assertEquals("H264", main.get("encoding").asText());
    assertEquals(1920, main.get("width").asInt());
    assertEquals("rtsp://127.0.0.1:8554/cam0", main.get("streamUri").asText());
    // host:port alone means its device service at the standard path
    String hostPort = device.deviceServiceUrl().replace("http://", "").replace("/onvif/device_service", "");
    assertEquals(200, inspect(server.adminToken(), hostPort, "admin", "cam-pw").statusCode());
  }

  @Test
  void aServerWithoutDiscoveryListsNothingAndAProbeSaysSoWithoutAnError() throws Exception {
    HttpResponse<String> list = server.get("/api/v1/discovery/cameras", server.viewerToken());
    assertEquals(200, list.statusCode(), list.body());
    assertEquals(0, json(list).size());
    HttpResponse<String> probe = server.send("POST", "/api/v1/discovery/cameras/probe", server.adminToken(), null);
    assertEquals(200, probe.statusCode(), probe.body());
    assertEquals(0, json(probe).size());
    // Another server asks for this one's own list with the token servers mint for each other.
    HttpResponse<String> own = server.get("/api/v1/internal/discovery/cameras", server.backend.tokens.serverToken("s2").get());
    assertEquals(200, own.statusCode(), own.body());
    assertEquals(0, json(own).size());
  }

  @Test
  void failuresAreNamedAndNothingIsA5xx() throws Exception {
    String admin = server.adminToken();
    assertError(inspect(admin, null, null, null), 400, "address: required");
    assertError(inspect(admin, "ftp://x/y", null, null), 400, "address:");
    assertError(inspect(admin, "http://user:pw@host/", null, null), 400, "address:");
    JsonNode wrong = assertError(inspect(admin, device.deviceServiceUrl(), "admin", "nope"), 422, "password:");
    assertEquals("device_unauthorized", wrong.get("error").asText());
    device.mode(OnvifDevice.Mode.HTML);
    assertEquals("not_onvif", assertError(inspect(admin, device.deviceServiceUrl(), "admin", "cam-pw"), 422, "")
        .get("error").asText());
    device.mode(OnvifDevice.Mode.NO_H264);
    assertEquals("no_video_profile", assertError(inspect(admin, device.deviceServiceUrl(), "admin", "cam-pw"), 422, "")
        .get("error").asText());
    assertEquals("device_unreachable", assertError(inspect(admin, "127.0.0.1:1", "", ""), 422, "")
        .get("error").asText());
    assertError(inspect(server.viewerToken(), device.deviceServiceUrl(), "admin", "cam-pw"), 403, "administrator");
  }
}

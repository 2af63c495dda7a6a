package io.argusvms.systemtest;

import static io.argusvms.systemtest.SystemFixture.addCamera;
import static io.argusvms.systemtest.SystemFixture.awaitOn;
import static io.argusvms.systemtest.SystemFixture.login;
import static io.argusvms.systemtest.SystemFixture.patchServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.testing.TestCamera;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers A and B, each with failover enabled for the other, real RTSP cameras, kill -9:
 * the pair that Pekko's default downing gets wrong, in both directions, then priorities and
 * capacity, and NEVER cameras.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PairFailoverSystemTest {
  @TempDir static Path temp;
  static TestCamera camera;
  static ServerProcess a;
  static ServerProcess b;
  static String idA;
  static String idB;
  static String camA;
  static String camB;

  @BeforeAll
  static void startPair() throws Exception {
    camera = TestCamera.start(6);
    List<ServerProcess> servers = ServerProcess.system(temp, 2, List.of("--no-demo", "--chunk-duration", "4s"));
    a = servers.get(0);
    b = servers.get(1);
    SystemFixture.startAll(servers);
    ApiClient api = login(a);
    Map<String, String> ids = SystemFixture.serverIds(api, 2);
    idA = ids.get("s1");
    idB = ids.get("s2");
    camA = addCamera(api, "a-cam", camera.url(0), idA, "high");
    camB = addCamera(api, "b-cam", camera.url(1), idB, "high");
    awaitOn(api, camA, idA);
    awaitOn(api, camB, idB);
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (a != null) a.close();
    if (b != null) b.close();
    if (camera != null) camera.close();
  }

  @Test
  @Order(1)
  void eitherServerOfAPairTakesTheOthersCamerasAndGivesThemBack() throws Exception {
    for (int round = 1; round <= 2; round++) {
      a.kill();
      ApiClient viaB = login(b);
      awaitOn(viaB, camA, idB);
      assertEquals("offline", viaB.get("/api/v1/servers/" + idA).json().path("status").asText());
      a.start();
      awaitOn(viaB, camA, idA);

      b.kill();
      ApiClient viaA = login(a);
      awaitOn(viaA, camB, idA);
      b.start();
      awaitOn(viaA, camB, idB);
      awaitOn(viaA, camA, idA);
    }
  }

  @Test
  @Order(2)
  void highMovesFirstThenMediumAndLowAsCapacityIsRaised() throws Exception {
    ApiClient api = login(a);
    String high = addCamera(api, "a-high", camera.url(2), idA, "high");
    String medium = addCamera(api, "a-medium", camera.url(3), idA, "medium");
    String low = addCamera(api, "a-low", camera.url(4), idA, "low");
    awaitOn(api, low, idA);
    // B records its own camera and has room for one more.
    patchServer(api, idB, "{\"maxCameras\":2}");

    a.kill();
    ApiClient viaB = login(b);
    // A has two High cameras (a-cam, a-high): one of them gets B's one free place.
    JsonNode cams = viaB.await("/api/v1/cameras", list -> countOn(list, idB) == 2, SystemFixture.MOVE_TIMEOUT);
    Thread.sleep(3000); // give a wrong placement time to happen
    cams = viaB.get("/api/v1/cameras").json();
    assertEquals(2, countOn(cams, idB), "B must not record more than maxCameras: " + cams);
    assertTrue(isOn(cams, camA, idB) ^ isOn(cams, high, idB), "exactly one High camera moved: " + cams);
    assertEquals("unplaced", state(viaB, medium));
    assertEquals("unplaced", state(viaB, low));

    patchServer(viaB, idB, "{\"maxCameras\":4}");
    viaB.await("/api/v1/cameras", list -> countOn(list, idB) == 4, SystemFixture.MOVE_TIMEOUT);
    awaitOn(viaB, medium, idB);
    assertEquals("unplaced", state(viaB, low), "Low waits while Medium and High take the room");

    patchServer(viaB, idB, "{\"maxCameras\":10}");
    awaitOn(viaB, low, idB);
    awaitOn(viaB, camA, idB);
    assertEquals(10, viaB.get("/api/v1/servers/" + idB).json().path("maxCameras").asInt());

    a.start();
    for (String cam : List.of(camA, high, medium, low)) awaitOn(viaB, cam, idA);
  }

  @Test
  @Order(3)
  void neverCameraStaysUnplacedWhileItsHomeIsDown() throws Exception {
    ApiClient api = login(a);
    String never = addCamera(api, "a-never", camera.url(5), idA, "never");
    awaitOn(api, never, idA);
    a.kill();
    ApiClient viaB = login(b);
    awaitOn(viaB, camA, idB);
    Thread.sleep(3000); // well past the time the other cameras took to move
    assertEquals("unplaced", state(viaB, never));
    a.start();
    awaitOn(viaB, never, idA);
  }

  @Test
  @Order(4)
  void settingsAndCamerasSurviveARestartOfTheWholeSystem() throws Exception {
    a.stop();
    b.stop();
    SystemFixture.startAll(List.of(a, b));
    ApiClient api = login(b);
    assertEquals(10, api.get("/api/v1/servers/" + idB).json().path("maxCameras").asInt());
    assertTrue(api.get("/api/v1/cameras").json().size() >= 6);
    awaitOn(api, camB, idB);
    awaitOn(api, camA, idA);
  }

  /**
   * Both servers lose power; only B comes back (A's disk died). B is not A's first seed, so Pekko
   * alone would have it wait for A for ever: it must carry on alone, record its own camera and A's
   * (failover), and when A is back the System is one again and A's cameras go home.
   */
  @Test
  @Order(5)
  void aLoneSurvivorRecordsAndTheSystemBecomesOneAgainWhenItsPeerIsBack() throws Exception {
    a.kill();
    b.kill();
    long start = System.nanoTime();
    b.start();
    ApiClient viaB = login(b);
    awaitOn(viaB, camB, idB);
    awaitOn(viaB, camA, idB);
    System.out.printf("lone survivor: recording its own and its peer's camera %.1f s after start%n",
        (System.nanoTime() - start) / 1e9);
    a.start();
    awaitOn(viaB, camA, idA);
    awaitOn(viaB, camB, idB);
    JsonNode health = viaB.await("/api/v1/health", h -> h.path("cluster").path("members").asInt() == 2,
        Duration.ofSeconds(60));
    assertEquals(login(a).get("/api/v1/health").json().path("cluster").path("systemId").asText(),
        health.path("cluster").path("systemId").asText(), "one System again");
  }

  private static int countOn(JsonNode cameras, String serverId) {
    int n = 0;
    for (JsonNode c : cameras) {
      if ("recording".equals(c.path("status").path("state").asText())
          || "connecting".equals(c.path("status").path("state").asText())) {
        if (serverId.equals(c.path("status").path("serverId").asText())) n++;
      }
    }
    return n;
  }

  private static boolean isOn(JsonNode cameras, String cameraId, String serverId) {
    for (JsonNode c : cameras) {
      if (c.path("id").asText().equals(cameraId)) return serverId.equals(c.path("status").path("serverId").asText());
    }
    return false;
  }

  private static String state(ApiClient api, String cameraId) throws Exception {
    return api.get("/api/v1/cameras/" + cameraId).json().path("status").path("state").asText();
  }

}

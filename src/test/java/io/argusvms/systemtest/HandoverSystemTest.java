package io.argusvms.systemtest;

import static io.argusvms.systemtest.SystemFixture.addCamera;
import static io.argusvms.systemtest.SystemFixture.awaitOn;
import static io.argusvms.systemtest.SystemFixture.login;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.testing.TestCamera;
import java.nio.file.Path;
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
 * Make-before-break for planned moves, with real server processes and a real RTSP camera (GOP
 * 1 s): a camera that moves on purpose (its server stopped with SIGTERM, failback, the operator
 * changing its home) is recorded by its old server until the new one records, so the System's
 * archive has no hole across the move. Before handovers each of these moves left 1-4 s of hole
 * (stream open plus a keyframe after the old server had stopped).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HandoverSystemTest {
  /** Longest hole allowed across a planned move: the moves overlap, so only measurement noise. */
  static final long MAX_HOLE_MS = 500;

  @TempDir static Path temp;
  static TestCamera camera;
  static ServerProcess a;
  static ServerProcess b;
  static String idA;
  static String idB;
  static String cam;

  @BeforeAll
  static void startPair() throws Exception {
    camera = TestCamera.start(1);
    List<ServerProcess> servers = ServerProcess.system(temp, 2, List.of("--no-demo", "--chunk-duration", "4s"));
    a = servers.get(0);
    b = servers.get(1);
    SystemFixture.startAll(servers);
    ApiClient api = login(a);
    Map<String, String> ids = SystemFixture.serverIds(api, 2);
    idA = ids.get("s1");
    idB = ids.get("s2");
    cam = addCamera(api, "handover-cam", camera.url(0), idA, "high");
    awaitOn(api, cam, idA);
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (a != null) a.close();
    if (b != null) b.close();
    if (camera != null) camera.close();
  }

  @Test
  @Order(1)
  void sigtermAndTheFailbackAfterItLeaveNoHole() throws Exception {
    Thread.sleep(5_000); // recorded time before the move, so the hole is measured from recorded time
    long stoppedAt = System.currentTimeMillis();
    a.stop(); // SIGTERM: its cameras are handed off, and it records on until b records
    ApiClient viaB = login(b);
    awaitOn(viaB, cam, idB);
    Thread.sleep(5_000);
    long restartedAt = System.currentTimeMillis();
    a.start();
    awaitOn(viaB, cam, idA); // failback: b records on until a records
    Thread.sleep(8_000);
    long until = System.currentTimeMillis() - 4_000; // the newest chunk may still be open
    long sigtermHole = SystemFixture.longestHoleMs(viaB, cam, stoppedAt - 3_000, restartedAt);
    long failbackHole = SystemFixture.longestHoleMs(viaB, cam, restartedAt, until);
    System.out.println("handover holes: SIGTERM " + sigtermHole + " ms, failback " + failbackHole + " ms");
    assertTrue(sigtermHole <= MAX_HOLE_MS, "hole across the SIGTERM handover: " + sigtermHole + " ms");
    assertTrue(failbackHole <= MAX_HOLE_MS, "hole across the failback: " + failbackHole + " ms");
    assertTrue(SystemFixture.metric(login(b), "argus_handovers_total{outcome=\"taken_over\"}") >= 1,
        "b handed the camera back");
  }

  @Test
  @Order(2)
  void movingTheCameraToAnotherHomeAndBackLeavesNoHole() throws Exception {
    ApiClient api = login(a);
    awaitOn(api, cam, idA);
    Thread.sleep(3_000);
    long from = System.currentTimeMillis();
    patchCamera(api, "{\"homeServerId\":\"" + idB + "\"}"); // the operator moves it: a rebalance
    awaitOn(api, cam, idB);
    Thread.sleep(5_000);
    long back = System.currentTimeMillis();
    patchCamera(api, "{\"homeServerId\":\"" + idA + "\"}");
    awaitOn(api, cam, idA);
    Thread.sleep(8_000);
    long until = System.currentTimeMillis() - 4_000;
    long awayHole = SystemFixture.longestHoleMs(api, cam, from - 2_000, back);
    long backHole = SystemFixture.longestHoleMs(api, cam, back, until);
    System.out.println("handover holes: new home " + awayHole + " ms, old home again " + backHole + " ms");
    assertTrue(awayHole <= MAX_HOLE_MS, "hole across the move to the new home: " + awayHole + " ms");
    assertTrue(backHole <= MAX_HOLE_MS, "hole across the move back: " + backHole + " ms");
    assertTrue(SystemFixture.metric(api, "argus_handovers_total{outcome=\"taken_over\"}") >= 1,
        "a handed the camera over");
  }

  static void patchCamera(ApiClient api, String json) throws Exception {
    ApiClient.Response r = api.patch("/api/v1/cameras/" + cam, json);
    if (r.status() != 200) throw new AssertionError("PATCH camera: " + r.status() + " " + r.body());
  }
}

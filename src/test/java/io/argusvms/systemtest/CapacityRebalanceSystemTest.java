package io.argusvms.systemtest;

import static io.argusvms.systemtest.SystemFixture.addCamera;
import static io.argusvms.systemtest.SystemFixture.awaitOn;
import static io.argusvms.systemtest.SystemFixture.login;
import static io.argusvms.systemtest.SystemFixture.patchServer;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.testing.TestCamera;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Make-before-break for a rebalance for capacity, with three real server processes and a real RTSP
 * camera (GOP 1 s): a server full of a taken-over camera gets a camera of its own, so the
 * taken-over one gives way (PlacementPolicy's rebalance) and moves to a third server while the
 * server it leaves still runs. It records there until the third server records it: no hole.
 */
class CapacityRebalanceSystemTest {
  @TempDir static Path temp;
  static TestCamera camera;
  static List<ServerProcess> servers;
  static Map<String, String> ids;

  @BeforeAll
  static void startSystem() throws Exception {
    camera = TestCamera.start(2);
    servers = ServerProcess.system(temp, 3, List.of("--no-demo", "--chunk-duration", "4s"));
    SystemFixture.startAll(servers);
    ids = SystemFixture.serverIds(login(servers.get(0)), 3);
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (servers != null) for (ServerProcess s : servers) s.close();
    if (camera != null) camera.close();
  }

  @Test
  void aTakenOverCameraThatGivesWayToAHomeCameraMovesWithoutAHole() throws Exception {
    ApiClient api = login(servers.get(0));
    String s1 = ids.get("s1");
    String s2 = ids.get("s2");
    String s3 = ids.get("s3");
    patchServer(api, s1, "{\"maxCameras\":1}");
    patchServer(api, s2, "{\"failoverEnabled\":false}"); // so that s3's camera goes to s1 and fills it
    String low = addCamera(api, "low-on-s3", camera.url(0), s3, "low");
    awaitOn(api, low, s3);
    servers.get(2).stop(); // SIGTERM: handed over to s1, the only server that takes cameras over
    awaitOn(api, low, s1);
    patchServer(api, s2, "{\"failoverEnabled\":true}");
    Thread.sleep(5_000); // recorded time on s1 before the rebalance, so the hole is measured from it

    long rebalancedAt = System.currentTimeMillis();
    String own = addCamera(api, "own-on-s1", camera.url(1), s1, "low"); // s1 is full: low gives way
    awaitOn(api, low, s2);
    awaitOn(api, own, s1);
    Thread.sleep(8_000);
    long until = System.currentTimeMillis() - 4_000; // the newest chunk may still be open

    long hole = SystemFixture.longestHoleMs(api, low, rebalancedAt - 3_000, until);
    System.out.println("capacity rebalance hole: " + hole + " ms");
    assertTrue(hole <= HandoverSystemTest.MAX_HOLE_MS, "hole across the capacity rebalance: " + hole + " ms");
    assertTrue(SystemFixture.metric(api, "argus_handovers_total{outcome=\"taken_over\"}") >= 1,
        "s1 recorded the camera until s2 did");
  }
}

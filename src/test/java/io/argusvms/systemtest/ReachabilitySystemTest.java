package io.argusvms.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.testing.TestCamera;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Can reach the camera" decides failover, with real networks: server A runs on the host, server
 * B in a network namespace the test creates, joined to the host by a veth pair. An RTSP camera on
 * the host's loopback is reachable from A only; when A dies it must not move to B (which could
 * not record it) but wait, while the demo camera, which every server can record, moves. When A
 * is back, the RTSP camera records there again. Needs root (ip netns), as .ci/run has.
 */
class ReachabilitySystemTest {
  @TempDir static Path temp;
  static final int NET = ThreadLocalRandom.current().nextInt(1, 250);
  static final String NETNS = "argus-reach-" + NET;
  static final String VETH_HOST = "arh" + NET;
  static final String VETH_NS = "arn" + NET;
  static final String HOST_IP = "10.201." + NET + ".1";
  static final String NS_IP = "10.201." + NET + ".2";
  static TestCamera camera;
  static ServerProcess a;
  static ServerProcess b;

  @BeforeAll
  static void network() throws Exception {
    sh("ip netns add " + NETNS);
    sh("ip link add " + VETH_HOST + " type veth peer name " + VETH_NS);
    sh("ip link set " + VETH_NS + " netns " + NETNS);
    sh("ip addr add " + HOST_IP + "/30 dev " + VETH_HOST);
    sh("ip link set " + VETH_HOST + " up");
    sh("ip netns exec " + NETNS + " ip addr add " + NS_IP + "/30 dev " + VETH_NS);
    sh("ip netns exec " + NETNS + " ip link set " + VETH_NS + " up");
    sh("ip netns exec " + NETNS + " ip link set lo up");
  }

  @AfterAll
  static void cleanUp() throws Exception {
    for (ServerProcess s : new ServerProcess[] {a, b}) if (s != null) s.close();
    if (camera != null) camera.close();
    run("ip netns del " + NETNS);
    run("ip link del " + VETH_HOST);
  }

  @Test
  void aCameraOnlyOneServerCanReachWaitsForItInsteadOfMovingToOneThatCannot() throws Exception {
    camera = TestCamera.start(1);
    int clusterA = ServerProcess.freePort();
    a = new ServerProcess("reach-a", temp.resolve("a"), ServerProcess.freePort(), clusterA,
        List.of("--seeds", HOST_IP + ":" + clusterA, "--no-discovery", "--chunk-duration", "4s"), Map.of()).boundTo(HOST_IP);
    a.start();
    int clusterB = ServerProcess.freePort();
    b = new ServerProcess("reach-b", temp.resolve("b"), ServerProcess.freePort(), clusterB,
        List.of("--seeds", HOST_IP + ":" + clusterA + "," + NS_IP + ":" + clusterB, "--join-url", a.url(),
            "--no-discovery", "--no-demo", "--chunk-duration", "4s"), Map.of()).inNamespace(NETNS, NS_IP);
    b.start();

    ApiClient api = SystemFixture.login(a);
    Map<String, String> ids = SystemFixture.serverIds(api, 2);
    String idA = ids.get("reach-a");
    String idB = ids.get("reach-b");
    String demo = api.get("/api/v1/cameras").json().get(0).get("id").asText();
    String rtsp = SystemFixture.addCamera(api, "host-only", camera.url(0), idA, "high");
    SystemFixture.awaitOn(api, rtsp, idA);
    SystemFixture.awaitOn(api, demo, idA);

    a.kill();
    ApiClient viaB = SystemFixture.login(b);
    SystemFixture.awaitOn(viaB, demo, idB);
    // B had room and failover on, but cannot reach the camera: it stays unplaced, not on B.
    SystemFixture.awaitOn(viaB, rtsp, null);
    Thread.sleep(6000); // B probes every 2 s: it had time to change its mind, and must not have
    JsonNode still = viaB.get("/api/v1/cameras/" + rtsp).json();
    assertEquals("unplaced", still.path("status").path("state").asText(), still.toString());
    assertFalse(idB.equals(still.path("status").path("serverId").asText()), still.toString());

    a.start();
    SystemFixture.awaitOn(viaB, rtsp, idA);
  }

  private static void sh(String command) throws Exception {
    int code = run(command);
    if (code != 0) throw new IllegalStateException("'" + command + "' failed with " + code + " (needs root)");
  }

  private static int run(String command) throws Exception {
    return new ProcessBuilder(command.split(" ")).inheritIO().start().waitFor();
  }
}

package io.argusvms.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network partition with real networks: three servers, each in a network namespace of its own,
 * on a bridge in another namespace (nothing of the host's own network changes but one veth into
 * the bridge for the test's HTTP calls). The first server, which runs the shard coordinator, is
 * cut off alone (its link to the bridge down): both sides keep recording (availability first),
 * the majority takes its camera. When the link is back the System is one cluster again, every
 * camera is recorded by one server, at home, and no camera's archive has a hole across it (time
 * recorded twice by both sides is acceptable). Then one server frozen (SIGSTOP) for 20 s: the
 * others take its camera, and after the thaw it gives way at once and rejoins. Needs root (ip
 * netns), as .ci/run has.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PartitionSystemTest {
  @TempDir static Path temp;
  static final int NET = ThreadLocalRandom.current().nextInt(1, 250);
  static final String BRIDGE_NS = "argus-part-" + NET + "-br";
  static final String HOST_IF = "aph" + NET;
  static final String HOST_IP = "10.203." + NET + ".254";
  static final List<ServerProcess> servers = new ArrayList<>();
  static final Map<String, String> ids = new HashMap<>();
  static final Map<String, String> cameras = new HashMap<>(); // server name -> camera homed there

  static String ns(int i) {
    return "argus-part-" + NET + "-s" + i;
  }

  static String ip(int i) {
    return "10.203." + NET + "." + i;
  }

  /** The bridge side of server i's veth pair: down is a partition. */
  static String bridgePort(int i) {
    return "apb" + NET + "x" + i;
  }

  @BeforeAll
  static void network() throws Exception {
    sh("ip netns add " + BRIDGE_NS);
    sh("ip netns exec " + BRIDGE_NS + " ip link add br0 type bridge");
    sh("ip netns exec " + BRIDGE_NS + " ip link set br0 up");
    for (int i = 1; i <= 3; i++) {
      sh("ip netns add " + ns(i));
      sh("ip link add " + bridgePort(i) + " netns " + BRIDGE_NS + " type veth peer name eth0 netns " + ns(i));
      sh("ip netns exec " + BRIDGE_NS + " ip link set " + bridgePort(i) + " master br0 up");
      sh("ip netns exec " + ns(i) + " ip addr add " + ip(i) + "/24 dev eth0");
      sh("ip netns exec " + ns(i) + " ip link set eth0 up");
      sh("ip netns exec " + ns(i) + " ip link set lo up");
    }
    sh("ip link add " + HOST_IF + " type veth peer name hostport netns " + BRIDGE_NS);
    sh("ip netns exec " + BRIDGE_NS + " ip link set hostport master br0 up");
    sh("ip addr add " + HOST_IP + "/24 dev " + HOST_IF);
    sh("ip link set " + HOST_IF + " up");
    startSystem();
  }

  /** Three servers, one per namespace, a demo camera homed on each, all recording at home. */
  static void startSystem() throws Exception {
    int[] cluster = new int[4];
    StringBuilder seeds = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      cluster[i] = ServerProcess.freePort();
      seeds.append(i == 1 ? "" : ",").append(ip(i)).append(':').append(cluster[i]);
    }
    // Each namespace has ports of its own: every server's HTTP port is 7000.
    for (int i = 1; i <= 3; i++) {
      List<String> args = new ArrayList<>(List.of("--seeds", seeds.toString(), "--no-discovery", "--chunk-duration", "2s"));
      if (i > 1) args.addAll(List.of("--no-demo", "--join-url", "http://" + ip(1) + ":7000"));
      servers.add(new ServerProcess("s" + i, temp.resolve("s" + i), 7000, cluster[i], args, Map.of())
          .inNamespace(ns(i), ip(i)));
    }
    servers.get(0).start(); // the oldest: it runs the shard coordinator
    SystemFixture.startAll(servers.subList(1, 3));
    ApiClient api = SystemFixture.login(servers.get(1));
    ids.putAll(SystemFixture.serverIds(api, 3));
    cameras.put("s1", api.get("/api/v1/cameras").json().get(0).get("id").asText()); // s1's demo camera
    for (String s : List.of("s2", "s3")) cameras.put(s, SystemFixture.addCamera(api, "cam-" + s, "demo://" + s, ids.get(s), "high"));
    for (String s : List.of("s1", "s2", "s3")) SystemFixture.awaitOn(api, cameras.get(s), ids.get(s));
  }

  @AfterAll
  static void cleanUp() throws Exception {
    for (ServerProcess s : servers) s.close();
    for (int i = 1; i <= 3; i++) run("ip netns del " + ns(i));
    run("ip netns del " + BRIDGE_NS); // takes the host's veth with it
    run("ip link del " + HOST_IF);
  }

  @Test
  @Order(1)
  void theCoordinatorsServerCutOffAloneRecordsAndTheSystemHealsWithoutAHole() throws Exception {
    Thread.sleep(6_000);
    long cutAt = System.currentTimeMillis();
    sh("ip netns exec " + BRIDGE_NS + " ip link set " + bridgePort(1) + " down");
    long healedAt;
    try {
      // The majority takes the cut-off server's camera; the cut-off server keeps recording too.
      ApiClient majority = SystemFixture.login(servers.get(1));
      String taker = majority.await("/api/v1/cameras/" + cameras.get("s1"),
          c -> "recording".equals(c.path("status").path("state").asText())
              && !ids.get("s1").equals(c.path("status").path("serverId").asText()), Duration.ofSeconds(60))
          .path("status").path("serverId").asText();
      System.out.printf("partition: s1's camera recorded on the majority side %.1f s after the cut%n",
          (System.currentTimeMillis() - cutAt) / 1e3);
      assertTrue(taker.equals(ids.get("s2")) || taker.equals(ids.get("s3")), taker);
      Thread.sleep(Math.max(0, cutAt + 20_000 - System.currentTimeMillis()));
    } finally {
      sh("ip netns exec " + BRIDGE_NS + " ip link set " + bridgePort(1) + " up");
      healedAt = System.currentTimeMillis();
    }

    ApiClient after = awaitOneSystemEveryCameraHome();
    long oneAt = System.currentTimeMillis();
    System.out.printf("partition healed: one System with every camera at home %.1f s after the link came back%n",
        (oneAt - healedAt) / 1e3);
    assertEquals(3, SystemFixture.serverIds(after, 3).size());

    Thread.sleep(6_000); // the newest chunks of the healed System are sealed
    for (String s : List.of("s1", "s2", "s3")) {
      long hole = SystemFixture.longestHoleMs(after, cameras.get(s), cutAt - 4_000, oneAt);
      System.out.printf("partition: longest hole in the archive of %s's camera %.1f s%n", s, hole / 1e3);
      assertTrue(hole < 15_000, "a hole of " + hole + " ms in the archive of " + s + "'s camera");
    }
  }

  @Test
  @Order(2)
  void aServerFrozenInItsNamespaceIsTakenOverGivesWayAfterTheThawAndRejoins() throws Exception {
    awaitOneSystemEveryCameraHome();
    ServerProcess s2 = servers.get(1);
    ApiClient onS2 = SystemFixture.login(s2);
    ApiClient api = SystemFixture.login(servers.get(2));
    Thread.sleep(4_000);
    long frozenAt = System.currentTimeMillis();
    s2.freeze(true);
    long thawedAt;
    try {
      api.await("/api/v1/cameras/" + cameras.get("s2"), c -> "recording".equals(c.path("status").path("state").asText())
          && !ids.get("s2").equals(c.path("status").path("serverId").asText()), SystemFixture.MOVE_TIMEOUT);
      System.out.printf("frozen (namespaces): s2's camera recorded by another server %.1f s after the freeze%n",
          (System.currentTimeMillis() - frozenAt) / 1e3);
      Thread.sleep(Math.max(0, frozenAt + 20_000 - System.currentTimeMillis())); // 20 s, as a hung machine
    } finally {
      s2.freeze(false);
      thawedAt = System.currentTimeMillis();
    }
    ApiClient after = awaitOneSystemEveryCameraHome();
    System.out.printf("frozen (namespaces): one System with every camera home %.1f s after the thaw%n",
        (System.currentTimeMillis() - thawedAt) / 1e3);
    // It gave way at the thaw: what its stale session wrote ends within a few seconds of the thaw.
    long staleEnd = 0;
    for (JsonNode chunk : onS2.get("/api/v1/internal/cameras/" + cameras.get("s2") + "/chunks?from="
        + (frozenAt - 120_000) + "&to=" + System.currentTimeMillis()).json()) {
      if (chunk.path("startMs").asLong() < thawedAt) staleEnd = Math.max(staleEnd, chunk.path("endMs").asLong());
    }
    System.out.printf("frozen (namespaces): the stale session's media ends %.1f s after the thaw%n",
        (staleEnd - thawedAt) / 1e3);
    assertTrue(staleEnd - thawedAt < 10_000, "recorded twice for " + (staleEnd - thawedAt) + " ms after the thaw");
    Thread.sleep(6_000); // the newest chunks are sealed
    long hole = SystemFixture.longestHoleMs(after, cameras.get("s2"), frozenAt - 4_000, System.currentTimeMillis() - 4_000);
    System.out.printf("frozen (namespaces): longest hole in s2's camera's archive %.1f s%n", hole / 1e3);
    assertTrue(hole < 20_000, "a hole of " + hole + " ms in the archive of s2's camera");
  }

  /** Every server answers and sees all three online, and every camera records at home. */
  private static ApiClient awaitOneSystemEveryCameraHome() throws Exception {
    for (ServerProcess s : servers) {
      SystemFixture.loginOnceSettled(s, Duration.ofSeconds(120)).await("/api/v1/servers", list -> {
        for (JsonNode x : list) if (!"online".equals(x.path("status").asText())) return false;
        return list.size() == 3;
      }, Duration.ofSeconds(120));
    }
    ApiClient api = SystemFixture.loginOnceSettled(servers.get(2), Duration.ofSeconds(120));
    for (String s : List.of("s1", "s2", "s3")) SystemFixture.awaitOn(api, cameras.get(s), ids.get(s));
    return api;
  }

  private static void sh(String command) throws Exception {
    int code = run(command);
    if (code != 0) throw new IllegalStateException("'" + command + "' failed with " + code + " (needs root)");
  }

  private static int run(String command) throws Exception {
    return new ProcessBuilder(command.split(" ")).inheritIO().start().waitFor();
  }
}

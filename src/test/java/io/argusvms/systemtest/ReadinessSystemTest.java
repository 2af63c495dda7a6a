package io.argusvms.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Honest readiness with real server processes: the moment a joining server says "ok" on
 * /api/v1/health, the System knows it (a camera can be homed on it through any server) and its
 * users work on it; and servers started at the same moment always end as one System.
 */
class ReadinessSystemTest {
  /**
   * Rounds of three servers started together: 3 in the suite; more by hand with
   * {@code -Dargus.readiness.rounds=10} (the figures are in docs/PERFORMANCE.md).
   */
  static final int ROUNDS = Integer.getInteger("argus.readiness.rounds", 3);

  @TempDir Path temp;
  final List<ServerProcess> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (ServerProcess s : started) s.close();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void whenAJoiningServerSaysOkTheSystemKnowsItAndItsUsersWorkOnIt() throws Exception {
    List<ServerProcess> pair = ServerProcess.system(temp, 2, List.of("--no-demo"));
    started.addAll(pair);
    ServerProcess a = pair.get(0);
    ServerProcess b = pair.get(1);
    a.start();
    b.launch();
    b.awaitHealthy(Duration.ofSeconds(90));
    // At once, no retry: login on the new server, and a camera homed on it, added through the other.
    ApiClient onB = SystemFixture.login(b);
    String bId = onB.get("/api/v1/health").json().get("serverId").asText();
    ApiClient.Response added = SystemFixture.login(a).post("/api/v1/cameras",
        "{\"name\":\"on-b\",\"url\":\"demo://on-b\",\"homeServerId\":\"" + bId + "\"}");
    assertEquals(201, added.status(), added.body());
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES) // 3 rounds take about 2 minutes, 10 about 6
  void threeServersStartedAtTheSameMomentEndAsOneSystem() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      List<ServerProcess> three = ServerProcess.system(temp.resolve("round-" + round), 3, List.of("--no-demo"));
      started.addAll(three);
      long launchedAt = System.currentTimeMillis();
      for (ServerProcess s : three) s.launch();
      for (ServerProcess s : three) s.awaitHealthy(Duration.ofSeconds(90));
      Set<String> systems = new HashSet<>();
      for (ServerProcess s : three) {
        // Every one sees the other two up within seconds (gossip), in one System.
        JsonNode health = new ApiClient(s.url()).await("/api/v1/health",
            h -> h.path("cluster").path("members").asInt() == 3, Duration.ofSeconds(30));
        systems.add(health.path("cluster").path("systemId").asText());
      }
      assertEquals(1, systems.size(), "round " + round + ": one System, not " + systems);
      System.out.printf("servers started together, round %d: one System of 3 %.1f s after the launch%n", round + 1,
          (System.currentTimeMillis() - launchedAt) / 1e3);
      assertTrue(three.stream().allMatch(ServerProcess::isAlive), "round " + round + ": no server exited");
      for (ServerProcess s : three) s.close();
    }
  }
}

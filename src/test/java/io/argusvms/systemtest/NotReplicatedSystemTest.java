package io.argusvms.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that reaches no majority, with the real replicated System database: two of three
 * servers frozen (SIGSTOP), a camera added on the third. The answer is 202
 * {@code "replicated": false}, not 201; the camera is applied on that server at once, kept on its
 * disk, and after the thaw (whatever the downing did to the lone server meanwhile) every server has
 * it: the write did not vanish.
 */
class NotReplicatedSystemTest {
  @TempDir static Path temp;
  static List<ServerProcess> servers;

  @BeforeAll
  static void startSystem() throws Exception {
    servers = ServerProcess.system(temp, 3, List.of("--no-demo", "--no-discovery"));
    SystemFixture.startAll(servers);
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (servers != null) for (ServerProcess s : servers) s.close();
  }

  @Test
  void aCameraAddedWhileTheMajorityIsFrozenIsAnswered202AndReachesEveryServerAfterTheThaw() throws Exception {
    ApiClient onS1 = SystemFixture.login(servers.get(0));
    String s1 = SystemFixture.serverIds(onS1, 3).get("s1");
    ApiClient.Response added;
    servers.get(1).freeze(true);
    servers.get(2).freeze(true);
    try {
      added = onS1.post("/api/v1/cameras",
          "{\"name\":\"while-frozen\",\"url\":\"demo://while-frozen\",\"homeServerId\":\"" + s1 + "\"}");
      System.out.printf("write without a majority: %d %s%n", added.status(), added.body());
      assertEquals(202, added.status(), added.body());
      assertFalse(added.json().path("replicated").asBoolean(true), added.body());
      String id = added.json().path("id").asText();
      assertEquals("while-frozen", onS1.get("/api/v1/cameras/" + id).json().path("name").asText());
      Thread.sleep(5_000); // long enough for the lone server to be downed by the split-brain rule
    } finally {
      servers.get(1).freeze(false);
      servers.get(2).freeze(false);
    }
    String id = added.json().path("id").asText();
    long thawedAt = System.currentTimeMillis();
    for (ServerProcess s : servers) {
      JsonNode camera = SystemFixture.loginOnceSettled(s, Duration.ofSeconds(120)).await("/api/v1/cameras",
          list -> {
            for (JsonNode c : list) if (id.equals(c.path("id").asText())) return true;
            return false;
          }, Duration.ofSeconds(120));
      System.out.printf("the camera added without a majority is on %s %.1f s after the thaw%n", s.name(),
          (System.currentTimeMillis() - thawedAt) / 1e3);
      assertEquals(true, camera.isArray());
    }
  }
}

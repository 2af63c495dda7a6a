package io.argusvms.systemtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster TLS with a per-System key: joining with a copy of the key, and a merge that hands it over. */
class ClusterTlsSystemTest {
  @TempDir Path temp;
  final List<ServerProcess> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (ServerProcess s : started) s.close();
  }

  @Test
  void aServerWithACopyOfTheSystemsKeyJoinsOverTls() throws Exception {
    List<ServerProcess> servers = ServerProcess.system(temp, 2, List.of("--no-demo", "--cluster-tls", "--no-discovery"));
    started.addAll(servers);
    servers.get(0).start();
    copy(servers.get(0).dataDir().resolve("cluster-tls"), servers.get(1).dataDir().resolve("cluster-tls"));
    servers.get(1).start();
    SystemFixture.serverIds(SystemFixture.login(servers.get(1)), 2);
    for (ServerProcess s : servers) {
      assertTrue(Files.readString(s.logFile()).contains("cluster transport: TLS"), s.name() + " speaks TLS");
    }
  }

  @Test
  void aServerWithoutTheKeyCannotJoin() throws Exception {
    List<ServerProcess> servers = ServerProcess.system(temp, 1, List.of("--no-demo", "--cluster-tls", "--no-discovery"));
    ServerProcess tls = servers.get(0);
    started.add(tls);
    tls.start();
    ServerProcess intruder = new ServerProcess("intruder", temp.resolve("intruder"), ServerProcess.freePort(),
        ServerProcess.freePort(), List.of("--seeds", "127.0.0.1:" + tls.clusterPort(), "--no-discovery"), Map.of());
    started.add(intruder);
    // It never receives the System database, so it never answers /system/info.
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, intruder::start);
    assertTrue(e.getMessage().contains("did not become healthy"), e.getMessage());
    assertEquals(1, SystemFixture.login(tls).get("/api/v1/servers").json().size());

    ServerProcess keyless = new ServerProcess("keyless", temp.resolve("keyless"), ServerProcess.freePort(),
        ServerProcess.freePort(), List.of("--seeds", "127.0.0.1:" + tls.clusterPort(), "--cluster-tls", "--no-discovery"),
        Map.of());
    started.add(keyless);
    IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, keyless::start);
    assertTrue(refused.getMessage().contains("no cluster key"), refused.getMessage());
  }

  @Test
  void aMergedServerReceivesTheSurvivorsKey() throws Exception {
    int clusterA = ServerProcess.freePort();
    int clusterB = ServerProcess.freePort();
    ServerProcess a = new ServerProcess("tls-a", temp.resolve("a"), ServerProcess.freePort(), clusterA,
        List.of("--seeds", "127.0.0.1:" + clusterA, "--cluster-tls", "--no-discovery"), Map.of());
    ServerProcess b = new ServerProcess("plain-b", temp.resolve("b"), ServerProcess.freePort(), clusterB,
        List.of("--seeds", "127.0.0.1:" + clusterB, "--no-discovery"), Map.of());
    started.add(a);
    started.add(b);
    SystemFixture.startAll(List.of(a, b));
    ApiClient apiA = SystemFixture.login(a);
    String systemA = apiA.get("/api/v1/system/info").json().get("systemId").asText();
    ApiClient.Response r = MergeSystemTest.merge(apiA, b, ServerProcess.ADMIN_PASSWORD, "this");
    assertEquals(200, r.status(), r.body());
    new ApiClient(b.url()).await("/api/v1/system/info", i -> i.path("systemId").asText().equals(systemA),
        Duration.ofSeconds(60));
    SystemFixture.serverIds(SystemFixture.login(b), 2);
    assertArrayEquals(Files.readAllBytes(a.dataDir().resolve("cluster-tls/system.p12")),
        Files.readAllBytes(b.dataDir().resolve("cluster-tls/system.p12")));
  }

  private static void copy(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
    }
  }
}

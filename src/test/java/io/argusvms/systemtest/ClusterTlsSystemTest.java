package io.argusvms.systemtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

/**
 * Cluster TLS with a per-System key, on by default: servers join with the administrator's
 * password (or a copy of the key), foreign servers are kept out, and a merge hands the key over.
 */
class ClusterTlsSystemTest {
  static final List<String> QUIET = List.of("--no-demo", "--no-discovery");
  @TempDir Path temp;
  final List<ServerProcess> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (ServerProcess s : started) s.close();
  }

  @Test
  void serversJoinWithTheAdminPasswordOrACopyOfTheKeyAndAllSpeakTls() throws Exception {
    List<ServerProcess> pair = ServerProcess.system(temp, 2, QUIET);
    ServerProcess creator = pair.get(0);
    ServerProcess withSeeds = pair.get(1);
    // Only the creator's URL and the password: the seeds come with the grant.
    ServerProcess urlOnly = server("url-only", List.of("--join-url", creator.url()));
    ServerProcess copied = server("copied", List.of("--seeds", "127.0.0.1:" + creator.clusterPort()));
    creator.start();
    started.add(creator);
    copy(creator.dataDir().resolve("cluster-tls"), copied.dataDir().resolve("cluster-tls"));
    SystemFixture.startAll(List.of(withSeeds, urlOnly, copied));
    started.addAll(List.of(withSeeds, urlOnly, copied));

    SystemFixture.serverIds(SystemFixture.login(urlOnly), 4);
    byte[] key = Files.readAllBytes(creator.dataDir().resolve("cluster-tls/system.p12"));
    for (ServerProcess s : List.of(creator, withSeeds, urlOnly, copied)) {
      assertTrue(Files.readString(s.logFile()).contains("cluster transport: TLS"), s.name() + " speaks TLS");
      assertArrayEquals(key, Files.readAllBytes(s.dataDir().resolve("cluster-tls/system.p12")), s.name());
    }
    for (ServerProcess s : List.of(withSeeds, urlOnly)) {
      assertTrue(Files.readString(s.logFile()).contains("received the cluster TLS key"), s.name());
    }
    List<String> granted = List.of(Files.readString(urlOnly.dataDir().resolve("merged-seeds")).strip().split(","));
    assertTrue(granted.contains("127.0.0.1:" + creator.clusterPort()), "the System's servers became its seeds: " + granted);

    // Once joined, a server restarts without asking again (the password may have changed since).
    urlOnly.stop();
    ServerProcess again = new ServerProcess("url-only", urlOnly.dataDir(), urlOnly.httpPort(), urlOnly.clusterPort(),
        List.of("--join-url", creator.url(), "--join-password", "not-the-password"), Map.of());
    started.add(again);
    again.start();
    SystemFixture.serverIds(SystemFixture.login(again), 4);
  }

  @Test
  void serversWithoutTheSystemsKeyOrPasswordStayOut() throws Exception {
    ServerProcess tls = ServerProcess.system(temp, 1, QUIET).get(0);
    started.add(tls);
    tls.start();
    String systemId = SystemFixture.login(tls).get("/api/v1/system/info").json().get("systemId").asText();
    String seed = "127.0.0.1:" + tls.clusterPort();
    ServerProcess plain = server("plain", List.of("--seeds", seed, "--no-cluster-tls"));
    // First of its own seeds: it may create a System, so it makes a key of its own.
    ServerProcess ownKey = server("own-key", List.of("--seeds", "127.0.0.1:%d," + seed));
    ServerProcess wrongPassword = server("wrong-pw", List.of("--seeds", seed, "--join-url", tls.url(),
        "--join-password", "guess"));
    ServerProcess noWayIn = server("no-way-in", List.of("--seeds", seed));
    for (ServerProcess s : List.of(plain, ownKey, wrongPassword, noWayIn)) {
      started.add(s);
      s.launch();
    }
    assertEquals(2, wrongPassword.awaitExit(Duration.ofSeconds(60)));
    assertTrue(wrongPassword.tail().toLowerCase().contains("wrong user name or password"), wrongPassword.tail());
    assertEquals(2, noWayIn.awaitExit(Duration.ofSeconds(60)));
    assertTrue(noWayIn.tail().contains("--join-url"), noWayIn.tail());

    ownKey.awaitHealthy(Duration.ofSeconds(90));
    String ownId = new ApiClient(ownKey.url()).get("/api/v1/system/info").json().get("systemId").asText();
    assertNotEquals(systemId, ownId, "it could only form a System of its own");
    assertFalse(plain.answers(), "a plain-TCP server never receives the System database");
    assertTrue(plain.isAlive());
    assertEquals(1, SystemFixture.login(tls).get("/api/v1/servers").json().size());
  }

  @Test
  void aMergedServerReceivesTheSurvivorsKey() throws Exception {
    int clusterA = ServerProcess.freePort();
    int clusterB = ServerProcess.freePort();
    ServerProcess a = new ServerProcess("tls-a", temp.resolve("a"), ServerProcess.freePort(), clusterA,
        List.of("--seeds", "127.0.0.1:" + clusterA, "--no-discovery"), Map.of());
    ServerProcess b = new ServerProcess("plain-b", temp.resolve("b"), ServerProcess.freePort(), clusterB,
        List.of("--seeds", "127.0.0.1:" + clusterB, "--no-discovery", "--no-cluster-tls"), Map.of());
    started.add(a);
    started.add(b);
    SystemFixture.startAll(List.of(a, b));
    assertFalse(Files.exists(b.dataDir().resolve("cluster-tls")), "--no-cluster-tls: no key");
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

  /**
   * Both of the System's secrets rotated from one server: the new cluster key reaches every
   * server, which rejoin each other under it (the old key opens nothing any more), and tokens
   * issued before the new token secret are refused on every server.
   */
  @Test
  void bothSecretsRotateOnEveryServerAndTheSystemStaysOne() throws Exception {
    List<ServerProcess> pair = ServerProcess.system(temp, 2, List.of("--no-discovery", "--chunk-duration", "2s"));
    started.addAll(pair);
    SystemFixture.startAll(pair);
    ServerProcess a = pair.get(0);
    ServerProcess b = pair.get(1);
    ApiClient viaA = SystemFixture.login(a);
    SystemFixture.serverIds(viaA, 2);
    byte[] before = Files.readAllBytes(a.dataDir().resolve("cluster-tls/system.p12"));

    long askedAt = System.nanoTime();
    ApiClient.Response r = viaA.post("/api/v1/system/rotate/cluster-key", "");
    assertEquals(202, r.status(), r.body());
    assertEquals(2, r.json().get("servers").size(), r.body());
    for (ServerProcess s : pair) {
      s.awaitLog("installed the System's new cluster key", Duration.ofSeconds(60));
    }
    for (ServerProcess s : pair) s.awaitHealthy(Duration.ofSeconds(60));
    SystemFixture.login(b).await("/api/v1/servers", list -> {
      for (var srv : list) if (!"online".equals(srv.path("status").asText())) return false;
      return list.size() == 2;
    }, Duration.ofSeconds(60));
    long togetherAt = System.nanoTime();
    byte[] afterA = Files.readAllBytes(a.dataDir().resolve("cluster-tls/system.p12"));
    assertArrayEquals(afterA, Files.readAllBytes(b.dataDir().resolve("cluster-tls/system.p12")));
    assertFalse(java.util.Arrays.equals(before, afterA), "the key is the same as before");
    System.out.printf("cluster key rotated: both servers back in one cluster %.1f s after the request%n",
        (togetherAt - askedAt) / 1e9);

    ApiClient oldOnB = SystemFixture.login(b);
    assertEquals(200, oldOnB.get("/api/v1/cameras").status());
    assertEquals(200, SystemFixture.login(a).post("/api/v1/system/rotate/token-secret", "").status());
    oldOnB.await("/api/v1/health", h -> true, Duration.ofSeconds(5));
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    int status = 200;
    while (status == 200 && System.nanoTime() < deadline) {
      status = oldOnB.get("/api/v1/cameras").status();
      if (status == 200) Thread.sleep(200);
    }
    assertEquals(401, status, "server b still takes a token issued before the rotation");
    assertEquals(200, SystemFixture.login(b).get("/api/v1/cameras").status());
  }

  /** A server with its own ports; "%d" in an argument is replaced by its cluster port. */
  private ServerProcess server(String name, List<String> args) throws Exception {
    int cluster = ServerProcess.freePort();
    List<String> a = args.stream().map(s -> s.replace("%d", "" + cluster)).toList();
    List<String> all = new ArrayList<>(a);
    all.addAll(QUIET);
    return new ServerProcess(name, temp.resolve(name), ServerProcess.freePort(), cluster, all, Map.of());
  }

  private static void copy(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
    }
  }
}

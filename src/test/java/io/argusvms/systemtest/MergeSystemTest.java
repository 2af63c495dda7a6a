package io.argusvms.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.testing.MulticastOnLoopback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two single-server Systems, each with its demo camera, find each other by LAN multicast on the
 * loopback interface and merge, once keeping this System and once the other one. Everything
 * through the HTTP API; the recording gap of the merged-away camera is measured from the
 * recorded periods.
 *
 * <p>Multicast on loopback: Linux's lo has no MULTICAST flag by default. Run as root, this test
 * turns it on and routes the beacon group to lo ({@code ip link set lo multicast on; ip route add
 * 239.255.11.11/32 dev lo}); a production server announces on its LAN interface instead.
 */
class MergeSystemTest {
  static final String OTHER_PASSWORD = "other-admin-pw";
  @TempDir Path temp;
  final int discoveryPort = ThreadLocalRandom.current().nextInt(20_000, 30_000);
  final List<ServerProcess> started = new ArrayList<>();

  static MulticastOnLoopback multicast;

  @BeforeAll
  static void multicastOnLoopback() throws Exception {
    multicast = MulticastOnLoopback.enable("239.255.11.11");
  }

  @AfterAll
  static void hostAsItWas() throws Exception {
    multicast.close();
  }

  @AfterEach
  void stop() throws Exception {
    for (ServerProcess s : started) s.close();
  }

  /** A single-server System of its own, with a demo camera and 4 s chunks. */
  ServerProcess newSystem(String name) throws Exception {
    int cluster = ServerProcess.freePort();
    ServerProcess s = new ServerProcess(name, temp.resolve(name), ServerProcess.freePort(), cluster,
        List.of("--seeds", "127.0.0.1:" + cluster, "--chunk-duration", "4s", "--discovery-port", "" + discoveryPort),
        Map.of());
    started.add(s);
    return s;
  }

  @Test
  void keepThis_discoversTheOtherSystemRefusesBadRequestsAndMergesItIn() throws Exception {
    ServerProcess a = newSystem("alpha");
    ServerProcess b = newSystem("beta");
    SystemFixture.startAll(List.of(a, b));
    ApiClient apiA = SystemFixture.login(a);
    ApiClient apiB = SystemFixture.login(b);
    useOtherPassword(apiB);
    JsonNode infoA = apiA.get("/api/v1/system/info").json();
    JsonNode infoB = apiB.get("/api/v1/system/info").json();

    JsonNode seen = apiA.await("/api/v1/discovery/systems", list -> find(list, infoB.get("systemId").asText()) != null,
        Duration.ofSeconds(20));
    assertEquals(List.of(b.url()), urls(find(seen, infoB.get("systemId").asText())));
    assertTrue(find(seen, infoA.get("systemId").asText()) == null, "this System is not listed: " + seen);

    assertEquals(401, merge(apiA, b, "wrong-password", "this").status());
    ApiClient.Response same = merge(apiA, a, ServerProcess.ADMIN_PASSWORD, "this");
    assertEquals(409, same.status(), same.body());
    assertEquals("same_system", same.json().get("error").asText());
    ApiClient.Response unreachable = apiA.post("/api/v1/system/merge",
        "{\"url\":\"http://127.0.0.1:1\",\"username\":\"admin\",\"password\":\"x\",\"keep\":\"this\"}");
    assertEquals(503, unreachable.status(), unreachable.body());

    String camA = recordingCamera(apiA);
    String camB = recordingCamera(apiB);
    String idB = apiB.get("/api/v1/health").json().get("serverId").asText();
    long mergeStart = System.currentTimeMillis();
    ApiClient.Response r = merge(apiA, b, OTHER_PASSWORD, "this");
    assertEquals(200, r.status(), r.body());
    assertEquals(infoA.get("systemId").asText(), r.json().get("systemId").asText());
    for (JsonNode backup : r.json().get("backups")) assertTrue(Files.exists(Path.of(backup.asText())), "backup " + backup);

    assertMerged(List.of(a, b), infoA, infoB, ServerProcess.ADMIN_PASSWORD, OTHER_PASSWORD, camA, camB);
    long gap = recordingGap(List.of(a, b), camB, idB, mergeStart);
    System.out.println("MERGE keep=this: recording gap of the merged-away camera " + gap + " ms");
    assertTrue(gap < 30_000, "gap " + gap);

    // The archive B recorded before the merge plays through A.
    ApiClient viaA = SystemFixture.login(a);
    String span = "?from=" + (mergeStart - 20_000) + "&to=" + mergeStart;
    JsonNode before = viaA.await("/api/v1/cameras/" + camB + "/periods" + span,
        ps -> ps.findValuesAsText("serverId").contains(idB), Duration.ofSeconds(30));
    assertTrue(before.size() > 0, before.toString());
    int frames = SingleServerSystemTest.decodeFrames(
        a.url() + "/api/v1/cameras/" + camB + "/archive.m3u8" + span + "&token=" + viaA.token(), 100);
    assertTrue(frames >= 25, "pre-merge archive of B played through A: " + frames + " frames");

    // Failover works across servers that came from different Systems.
    String idA = apiA.get("/api/v1/health").json().get("serverId").asText();
    b.kill();
    SystemFixture.awaitOn(viaA, camB, idA);
    b.start();
    SystemFixture.awaitOn(viaA, camB, idB);
  }

  @Test
  void keepRemote_thisSystemJoinsTheOther() throws Exception {
    ServerProcess c = newSystem("gamma");
    ServerProcess d = newSystem("delta");
    SystemFixture.startAll(List.of(c, d));
    ApiClient apiC = SystemFixture.login(c);
    ApiClient apiD = SystemFixture.login(d);
    useOtherPassword(apiD);
    JsonNode infoC = apiC.get("/api/v1/system/info").json();
    JsonNode infoD = apiD.get("/api/v1/system/info").json();
    String camC = recordingCamera(apiC);
    String camD = recordingCamera(apiD);
    String idC = apiC.get("/api/v1/health").json().get("serverId").asText();

    long mergeStart = System.currentTimeMillis();
    ApiClient.Response r = merge(apiC, d, OTHER_PASSWORD, "remote");
    assertEquals(200, r.status(), r.body());
    assertEquals(infoD.get("systemId").asText(), r.json().get("systemId").asText());

    assertMerged(List.of(d, c), infoD, infoC, OTHER_PASSWORD, ServerProcess.ADMIN_PASSWORD, camD, camC);
    long gap = recordingGap(List.of(c, d), camC, idC, mergeStart);
    System.out.println("MERGE keep=remote: recording gap of the merged-away camera " + gap + " ms");
    assertTrue(gap < 30_000, "gap " + gap);
  }

  @Test
  void aTwoServerSystemMergesIntoAOneServerSystem_evenWithOneOfItsServersOffline() throws Exception {
    List<ServerProcess> pair = ServerProcess.system(temp.resolve("pair"), 2,
        List.of("--chunk-duration", "4s", "--discovery-port", "" + discoveryPort));
    started.addAll(pair);
    ServerProcess single = newSystem("omega");
    SystemFixture.startAll(pair);
    single.start();
    ApiClient apiPair = SystemFixture.login(pair.get(1));
    Map<String, String> pairIds = SystemFixture.serverIds(apiPair, 2);
    String pairCam = SystemFixture.addCamera(apiPair, "s2-demo", "demo://s2", pairIds.get("s2"), "medium");
    useOtherPassword(apiPair);
    ApiClient apiSingle = SystemFixture.login(single);
    JsonNode infoSingle = apiSingle.get("/api/v1/system/info").json();
    JsonNode infoPair = apiPair.get("/api/v1/system/info").json();
    String singleCam = recordingCamera(apiSingle);
    String pairDemo = null;
    for (JsonNode c : apiPair.get("/api/v1/cameras").json()) if (!c.get("id").asText().equals(pairCam)) pairDemo = c.get("id").asText();

    // s1 is offline during the merge, so nobody can tell it then: once back, the survivor finds it
    // (it was imported with its System) and tells it to switch.
    pair.get(0).kill();
    ApiClient.Response r = merge(apiSingle, pair.get(1), OTHER_PASSWORD, "this");
    assertEquals(200, r.status(), r.body());
    assertEquals(2, r.json().get("serversAdded").asInt(), r.body());
    new ApiClient(pair.get(1).url()).await("/api/v1/system/info",
        i -> i.path("systemId").asText().equals(infoSingle.get("systemId").asText()), Duration.ofSeconds(60));
    pair.get(0).launch();

    for (ServerProcess s : List.of(single, pair.get(0), pair.get(1))) {
      ApiClient api = new ApiClient(s.url());
      api.await("/api/v1/system/info", i -> i.path("systemId").asText().equals(infoSingle.get("systemId").asText()),
          Duration.ofSeconds(60));
      api.login("admin", ServerProcess.ADMIN_PASSWORD);
      SystemFixture.serverIds(api, 3);
      for (String cam : List.of(singleCam, pairCam, pairDemo)) {
        api.await("/api/v1/cameras/" + cam, c -> "recording".equals(c.path("status").path("state").asText())
            && c.path("homeServerId").asText().equals(c.path("status").path("serverId").asText()), Duration.ofSeconds(60));
      }
      assertFalse(api.get("/api/v1/system").json().toString().contains(infoPair.get("name").asText()));
    }
  }

  @Test
  void aMergedAwayServerKilledWhileSwitchingCompletesTheSwitchWhenItStartsAgain() throws Exception {
    ServerProcess a = newSystem("kappa");
    ServerProcess b = newSystem("lambda");
    SystemFixture.startAll(List.of(a, b));
    ApiClient apiA = SystemFixture.login(a);
    ApiClient apiB = SystemFixture.login(b);
    useOtherPassword(apiB);
    JsonNode infoA = apiA.get("/api/v1/system/info").json();
    JsonNode infoB = apiB.get("/api/v1/system/info").json();
    String camA = recordingCamera(apiA);
    String camB = recordingCamera(apiB);

    ApiClient.Response r = merge(apiA, b, OTHER_PASSWORD, "this");
    assertEquals(200, r.status(), r.body());
    b.kill(); // before its restart into the survivor's cluster (it restarts 0.5 s + shutdown later)
    b.start();
    assertMerged(List.of(a, b), infoA, infoB, ServerProcess.ADMIN_PASSWORD, OTHER_PASSWORD, camA, camB);
  }

  /**
   * Two merges started at the same moment on two servers of one System: one goes ahead, the
   * other is refused with 409 and leaves its other System untouched; retried afterwards, it works.
   */
  @Test
  void twoMergesAtOnceInOneSystem_oneGoesAheadTheOtherIs409() throws Exception {
    List<ServerProcess> pair = ServerProcess.system(temp.resolve("pair"), 2,
        List.of("--no-demo", "--discovery-port", "" + discoveryPort));
    started.addAll(pair);
    ServerProcess b = newSystem("beta");
    ServerProcess c = newSystem("gamma");
    SystemFixture.startAll(List.of(pair.get(0), b, c));
    pair.get(1).start();
    ApiClient api1 = SystemFixture.login(pair.get(0));
    ApiClient api2 = SystemFixture.login(pair.get(1));
    SystemFixture.serverIds(api2, 2);
    String survivor = api1.get("/api/v1/system/info").json().get("systemId").asText();

    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    var first = pool.submit(() -> merge(api1, b, ServerProcess.ADMIN_PASSWORD, "this"));
    var second = pool.submit(() -> merge(api2, c, ServerProcess.ADMIN_PASSWORD, "this"));
    List<ApiClient.Response> answers = List.of(first.get(), second.get());
    pool.shutdown();
    List<Integer> statuses = answers.stream().map(ApiClient.Response::status).sorted().toList();
    assertEquals(List.of(200, 409), statuses, answers.get(0).body() + " / " + answers.get(1).body());
    ApiClient.Response refused = answers.stream().filter(a -> a.status() == 409).findFirst().orElseThrow();
    assertEquals("merge_running", refused.json().get("error").asText(), refused.body());
    ServerProcess merged = answers.get(0).status() == 200 ? b : c;
    ServerProcess left = merged == b ? c : b;
    ApiClient pairApi = merged == b ? api1 : api2;

    new ApiClient(merged.url()).await("/api/v1/system/info", i -> i.path("systemId").asText().equals(survivor),
        Duration.ofSeconds(60));
    SystemFixture.serverIds(pairApi, 3);
    ApiClient leftApi = SystemFixture.login(left);
    assertFalse(leftApi.get("/api/v1/system/info").json().get("systemId").asText().equals(survivor));
    assertEquals(1, leftApi.get("/api/v1/servers").json().size(), "the refused merge changed nothing");

    ApiClient.Response retry = merge(pairApi, left, ServerProcess.ADMIN_PASSWORD, "this");
    assertEquals(200, retry.status(), retry.body());
    new ApiClient(left.url()).await("/api/v1/system/info", i -> i.path("systemId").asText().equals(survivor),
        Duration.ofSeconds(60));
    SystemFixture.serverIds(pairApi, 4);
  }

  /** Every server lists both servers online and both cameras recording on their homes. */
  static void assertMerged(List<ServerProcess> servers, JsonNode survivor, JsonNode merged, String survivorPassword,
      String mergedPassword, String... cameras) throws Exception {
    for (ServerProcess s : servers) {
      ApiClient api = new ApiClient(s.url());
      api.await("/api/v1/system/info", i -> i.path("systemId").asText().equals(survivor.get("systemId").asText()),
          Duration.ofSeconds(60));
      api.login("admin", survivorPassword);
      JsonNode info = api.get("/api/v1/system").json();
      assertEquals(survivor.get("name").asText(), info.get("name").asText());
      assertFalse(info.toString().contains(merged.get("name").asText()), "merged-away name is gone: " + info);
      SystemFixture.serverIds(api, 2);
      for (String cam : cameras) {
        api.await("/api/v1/cameras/" + cam, c -> "recording".equals(c.path("status").path("state").asText())
            && c.path("homeServerId").asText().equals(c.path("status").path("serverId").asText()), Duration.ofSeconds(60));
      }
      assertEquals(cameras.length, api.get("/api/v1/cameras").json().size());
      int status = api.send("POST", "/api/v1/login",
          "{\"username\":\"admin\",\"password\":\"" + mergedPassword + "\"}", false).status();
      assertEquals(401, status, "the merged-away admin password no longer works on " + s.name());
    }
  }

  /** Gives a System the admin password {@link #OTHER_PASSWORD}; logs in again (the change revoked the token). */
  static void useOtherPassword(ApiClient api) throws Exception {
    assertEquals(200, api.patch("/api/v1/users/admin", "{\"password\":\"" + OTHER_PASSWORD + "\"}").status());
    api.login("admin", OTHER_PASSWORD);
  }

  static ApiClient.Response merge(ApiClient api, ServerProcess other, String password, String keep) throws Exception {
    return api.post("/api/v1/system/merge", "{\"url\":\"" + other.url() + "\",\"username\":\"admin\",\"password\":\""
        + password + "\",\"keep\":\"" + keep + "\"}");
  }

  /** The demo camera, once it records (with a few seconds of archive before the merge). */
  static String recordingCamera(ApiClient api) throws Exception {
    JsonNode cams = api.await("/api/v1/cameras", l -> l.size() == 1
        && "recording".equals(l.get(0).path("status").path("state").asText()), Duration.ofSeconds(60));
    Thread.sleep(5000);
    return cams.get(0).get("id").asText();
  }

  /**
   * The longest hole in the camera's archive from a little before the merge until it has recorded
   * at home for a while again, over the periods every server holds (each reports its own).
   */
  static long recordingGap(List<ServerProcess> servers, String camera, String home, long mergeStart) throws Exception {
    ApiClient any = new ApiClient(servers.get(0).url());
    Thread.sleep(8000);
    List<long[]> periods = new ArrayList<>();
    long to = System.currentTimeMillis();
    for (ServerProcess s : servers) {
      ApiClient api = new ApiClient(s.url()).login("admin", loginPassword(s, any));
      JsonNode ps = api.get("/api/v1/cameras/" + camera + "/periods?from=" + (mergeStart - 20_000) + "&to=" + to).json();
      for (JsonNode p : ps) periods.add(new long[] {p.get("startMs").asLong(), p.get("endMs").asLong()});
    }
    periods.sort(Comparator.comparingLong(p -> p[0]));
    assertFalse(periods.isEmpty(), "no periods for " + camera);
    assertTrue(periods.get(0)[0] < mergeStart, "recorded before the merge: " + periods.size());
    long gap = 0;
    long end = periods.get(0)[1];
    for (long[] p : periods) {
      if (p[0] > end) gap = Math.max(gap, p[0] - end);
      end = Math.max(end, p[1]);
    }
    assertTrue(end > to - 5000, "records again at the end: " + end + " vs " + to);
    return gap;
  }

  private static String loginPassword(ServerProcess s, ApiClient any) throws Exception {
    for (String pw : List.of(ServerProcess.ADMIN_PASSWORD, OTHER_PASSWORD)) {
      int st = new ApiClient(s.url()).send("POST", "/api/v1/login",
          "{\"username\":\"admin\",\"password\":\"" + pw + "\"}", false).status();
      if (st == 200) return pw;
    }
    throw new AssertionError("no admin password works on " + s.name());
  }

  private static JsonNode find(JsonNode list, String systemId) {
    for (JsonNode s : list) if (s.path("systemId").asText().equals(systemId)) return s;
    return null;
  }

  private static List<String> urls(JsonNode system) {
    List<String> out = new ArrayList<>();
    system.get("urls").forEach(u -> out.add(u.asText()));
    return out;
  }
}

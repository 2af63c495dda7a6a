package io.argusvms.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, "one archive for the whole System", with three real server processes: a camera is
 * recorded on A, then on B; server C, which never recorded it, lists both servers' periods and
 * plays, exports and streams live across them. Then the faults: a chunk deleted while listed, a
 * span without recording, A going down (its periods stay listed as unavailable, its segments
 * answer 503) and coming back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederatedArchiveSystemTest {
  @TempDir static Path temp;
  static ServerProcess a;
  static ServerProcess b;
  static ServerProcess c;
  static ApiClient api; // talks to C only
  static final Map<String, String> ids = new HashMap<>(); // name -> server id
  static String cameraId;
  static long startedMs;
  static long recordedUntilMs;

  @BeforeAll
  static void startThreeServers() throws Exception {
    startedMs = System.currentTimeMillis();
    // Every server gets the whole seed list, so A can be killed and rejoin B and C.
    List<ServerProcess> servers = ServerProcess.system(temp, 3, List.of("--chunk-duration", "2s", "--no-demo"));
    a = servers.get(0);
    b = servers.get(1);
    c = servers.get(2);
    SystemFixture.startAll(servers);
    api = new ApiClient(c.url()).login("admin", ServerProcess.ADMIN_PASSWORD);
    JsonNode serverList = api.await("/api/v1/servers", s -> s.size() == 3
        && s.findValuesAsText("status").stream().allMatch("online"::equals), Duration.ofSeconds(60));
    serverList.forEach(s -> ids.put(s.get("name").asText(), s.get("id").asText()));
    // C only watches: A's camera fails over to B, so the archive lies on A, then B, then A.
    SystemFixture.patchServer(api, ids.get("s3"), "{\"failoverEnabled\":false}");
  }

  @AfterAll
  static void stopAll() throws Exception {
    for (ServerProcess p : new ServerProcess[] {c, b, a}) if (p != null) p.close();
  }

  static JsonNode awaitRecordingOn(String serverName) throws Exception {
    return api.await("/api/v1/cameras/" + cameraId, j -> "recording".equals(j.path("status").path("state").asText())
        && ids.get(serverName).equals(j.path("status").path("serverId").asText()), Duration.ofSeconds(60));
  }

  static String span() {
    return "?from=" + (startedMs - 60_000) + "&to=" + (recordedUntilMs + 1_000);
  }

  /** The playlist once it names all the given parts (a loaded peer may miss the list timeout once). */
  static String awaitPlaylist(String pathAndQuery, String... parts) throws Exception {
    String last = "";
    for (int i = 0; i < 20; i++) {
      last = api.get("/api/v1/cameras/" + cameraId + "/" + pathAndQuery).body();
      String text = last;
      if (Stream.of(parts).allMatch(text::contains)) return last;
      Thread.sleep(1000);
    }
    return last;
  }

  @Test
  @Order(1)
  void cameraRecordedOnAThenOnBIsOneArchiveSeenFromC() throws Exception {
    var created = api.post("/api/v1/cameras", "{\"name\":\"fed\",\"url\":\"demo://fed\",\"homeServerId\":\""
        + ids.get("s1") + "\"}");
    assertEquals(201, created.status(), created.body());
    cameraId = created.json().get("id").asText();
    awaitRecordingOn("s1");
    Thread.sleep(8_000);
    a.kill(); // kill -9: the camera fails over to B (or C) ...
    String failoverServer = api.await("/api/v1/cameras/" + cameraId,
        j -> "recording".equals(j.path("status").path("state").asText())
            && !ids.get("s1").equals(j.path("status").path("serverId").asText()), Duration.ofSeconds(60))
        .path("status").path("serverId").asText();
    Thread.sleep(8_000);
    a.start(); // ... and goes home when A is back
    awaitRecordingOn("s1");
    Thread.sleep(4_000);
    recordedUntilMs = System.currentTimeMillis();
    assertEquals(ids.get("s2"), failoverServer);
    ids.put("failover", failoverServer);

    // Polled: on a loaded machine a peer may miss the list timeout once (then its periods are unavailable).
    JsonNode periods = api.await("/api/v1/cameras/" + cameraId + "/periods" + span(),
        p -> p.findValues("available").stream().allMatch(JsonNode::asBoolean)
            && new HashSet<>(p.findValuesAsText("serverId")).size() == 2, Duration.ofSeconds(30));
    Set<String> servers = new HashSet<>(periods.findValuesAsText("serverId"));
    assertEquals(Set.of(ids.get("s1"), ids.get("failover")), servers, periods.toString());
    long previousEnd = 0;
    for (JsonNode p : periods) {
      assertTrue(p.get("available").asBoolean(), periods.toString());
      assertTrue(p.get("startMs").asLong() >= previousEnd, "sorted, no overlap: " + periods);
      // A then the failover server then A again: the only holes are the failover gaps.
      if (previousEnd > 0) assertTrue(p.get("startMs").asLong() - previousEnd < 15_000, "gap too long: " + periods);
      previousEnd = p.get("endMs").asLong();
    }
  }

  @Test
  @Order(2)
  void archivePlaylistOfCPlaysBothServersThroughFfmpeg() throws Exception {
    String playlist = awaitPlaylist("archive.m3u8" + span(), "server=" + ids.get("s1"), "server=" + ids.get("s2"));
    assertTrue(playlist.contains("server=" + ids.get("s1")), playlist);
    assertTrue(playlist.contains("server=" + ids.get("s2")), playlist);
    assertTrue(playlist.contains("#EXT-X-DISCONTINUITY") && playlist.contains("#EXT-X-ENDLIST"), playlist);
    assertTrue(playlist.indexOf("server=" + ids.get("s1")) < playlist.indexOf("server=" + ids.get("s2")), playlist);

    // A segment of A fetched through C with a Range: 206, MPEG-TS sync byte first.
    Matcher m = Pattern.compile("#EXT-X-BYTERANGE:(\\d+)@(\\d+)\\n(chunks/\\S+server=" + ids.get("s1") + "\\S*)")
        .matcher(playlist);
    assertTrue(m.find(), playlist);
    var seg = api.send("GET", api.baseUrl() + "/api/v1/cameras/" + cameraId + "/" + m.group(3), null, false);
    assertEquals(200, seg.status()); // no Range header: the whole chunk
    assertEquals(0x47, seg.bytes()[0] & 0xff);

    String url = c.url() + "/api/v1/cameras/" + cameraId + "/archive.m3u8" + span() + "&token=" + api.token();
    int frames = SingleServerSystemTest.decodeFrames(url, 5000);
    // about 16 s at 25 fps were recorded, 8 on each server
    assertTrue(frames >= 250, "decoded only " + frames + " frames across A and B");

    // Each server's part on its own: its chunks (as the playlist names them, through C) decode to
    // frames whose timestamps never go back; a total could hide one server's part being empty.
    Map<String, Integer> perServer = new HashMap<>();
    Matcher chunk = Pattern.compile("\n(chunks/(\\d+)\\.ts\\?(?:server=([^&\\s]+)&)?\\S+)").matcher(playlist);
    Set<String> seen = new HashSet<>();
    while (chunk.find()) {
      if (!seen.add(chunk.group(2))) continue; // several byte ranges of one chunk
      String server = chunk.group(3) == null ? ids.get("s3") : chunk.group(3);
      SingleServerSystemTest.Decoded d = SingleServerSystemTest.decode(
          c.url() + "/api/v1/cameras/" + cameraId + "/" + chunk.group(1), 1000);
      assertEquals(0, d.timestampsBack(), "timestamps went back in chunk " + chunk.group(2) + " of " + server);
      perServer.merge(server, d.frames(), Integer::sum);
    }
    System.out.println("archive through C, decoded frames per server: " + perServer);
    assertTrue(perServer.getOrDefault(ids.get("s1"), 0) >= 100, "server A's part: " + perServer);
    assertTrue(perServer.getOrDefault(ids.get("failover"), 0) >= 100, "the failover server's part: " + perServer);
  }

  @Test
  @Order(3)
  void exportAndLiveOfCSpanServers() throws Exception {
    var mp4 = api.get("/api/v1/cameras/" + cameraId + "/export.mp4" + span());
    assertEquals(200, mp4.status(), mp4.body());
    Path file = temp.resolve("fed.mp4");
    Files.write(file, mp4.bytes());
    SingleServerSystemTest.Decoded export = SingleServerSystemTest.decode(file.toString(), 5000);
    assertTrue(export.frames() >= 250, "export decoded to only " + export.frames() + " frames");
    // One file across both servers: one timeline, never going back where the server changes.
    assertEquals(0, export.timestampsBack(), "timestamps went back in the export: " + export);

    // The camera is back on A: C's live playlist proxies A's segments.
    String live = awaitPlaylist("live.m3u8", "server=" + ids.get("s1"));
    assertTrue(live.contains("#EXTINF") && live.contains("server=" + ids.get("s1")), live);
    assertFalse(live.contains("#EXT-X-ENDLIST"), live);

    // C records nothing: its snapshots are A's newest keyframe, and the failover server's at a
    // time that lies in its part of the archive.
    var snapshot = api.get("/api/v1/cameras/" + cameraId + "/snapshot.jpg?width=120");
    assertEquals(200, snapshot.status(), snapshot.body());
    assertEquals(120, javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(snapshot.bytes())).getWidth());
    JsonNode periods = api.get("/api/v1/cameras/" + cameraId + "/periods" + span()).json();
    long onFailover = -1;
    for (JsonNode p : periods) {
      if (p.get("serverId").asText().equals(ids.get("failover"))) {
        onFailover = (p.get("startMs").asLong() + p.get("endMs").asLong()) / 2;
      }
    }
    assertTrue(onFailover > 0, "a period of the failover server: " + periods);
    var archived = api.get("/api/v1/cameras/" + cameraId + "/snapshot.jpg?at=" + onFailover);
    assertEquals(200, archived.status(), archived.body());
    assertTrue(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(archived.bytes())) != null, "a JPEG");
  }

  @Test
  @Order(4)
  void spanWithoutRecordingIsEmptyEverywhere() throws Exception {
    String before = "?from=" + (startedMs - 3_600_000) + "&to=" + (startedMs - 1_800_000);
    assertEquals(0, api.get("/api/v1/cameras/" + cameraId + "/periods" + before).json().size());
    String playlist = api.get("/api/v1/cameras/" + cameraId + "/archive.m3u8" + before).body();
    assertTrue(playlist.startsWith("#EXTM3U") && !playlist.contains("#EXTINF"), playlist);
    var export = api.get("/api/v1/cameras/" + cameraId + "/export.mp4" + before);
    assertEquals(404, export.status(), export.body());
    assertEquals("no_recording", export.json().get("error").asText());
  }

  @Test
  @Order(5)
  void chunkDeletedWhileListedIs404JsonThroughTheProxy() throws Exception {
    String playlist = awaitPlaylist("archive.m3u8" + span(), "server=" + ids.get("s1"));
    Matcher m = Pattern.compile("chunks/(\\d+)\\.ts\\?server=" + ids.get("s1") + "&token=\\S+").matcher(playlist);
    assertTrue(m.find(), playlist);
    Path file;
    try (Stream<Path> files = Files.walk(a.dataDir())) {
      file = files.filter(p -> p.getFileName().toString().equals(m.group(1) + ".ts")).findFirst().orElseThrow();
    }
    Files.delete(file); // as retention would, after the playlist was handed out
    var seg = api.send("GET", api.baseUrl() + "/api/v1/cameras/" + cameraId + "/" + m.group(0), null, false);
    assertEquals(404, seg.status(), seg.body());
    assertEquals("not_found", seg.json().get("error").asText());
  }

  @Test
  @Order(6)
  void serverAGoingDownKeepsItsPeriodsListedAsUnavailableAndItsSegmentsAnswer503() throws Exception {
    String playlist = awaitPlaylist("archive.m3u8" + span(), "server=" + ids.get("s1"));
    Matcher m = Pattern.compile("chunks/\\d+\\.ts\\?server=" + ids.get("s1") + "&token=\\S+").matcher(playlist);
    assertTrue(m.find(), playlist);
    a.stop(); // SIGTERM: A leaves the cluster
    api.await("/api/v1/servers/" + ids.get("s1"), s -> "offline".equals(s.get("status").asText()), Duration.ofSeconds(30));

    JsonNode periods = api.await("/api/v1/cameras/" + cameraId + "/periods" + span(),
        p -> p.findValuesAsText("serverId").contains(ids.get("s1")) && p.findValuesAsText("serverId").contains(ids.get("s2")),
        Duration.ofSeconds(30));
    boolean aUnavailable = false;
    long aMs = 0;
    for (JsonNode p : periods) {
      if (p.get("serverId").asText().equals(ids.get("s1"))) {
        assertFalse(p.get("available").asBoolean(), periods.toString());
        aUnavailable = true;
        aMs += p.get("endMs").asLong() - p.get("startMs").asLong();
      } else {
        assertTrue(p.get("available").asBoolean(), periods.toString());
      }
    }
    assertTrue(aUnavailable, "A's periods must stay listed: " + periods);
    assertTrue(aMs >= 6_000, "A recorded 8 s or more; its summary lists only " + aMs + " ms: " + periods);

    // A player in the middle of the old playlist: A's segment is a clear 503, not a hang or a 500.
    var seg = api.send("GET", api.baseUrl() + "/api/v1/cameras/" + cameraId + "/" + m.group(0), null, false);
    assertEquals(503, seg.status(), seg.body());
    assertEquals("server_offline", seg.json().get("error").asText());
    // A new playlist has only what can be played: B's part.
    String now = api.get("/api/v1/cameras/" + cameraId + "/archive.m3u8" + span()).body();
    assertFalse(now.contains("server=" + ids.get("s1")), now);
    assertTrue(now.contains("server=" + ids.get("s2")), now);
  }

  @Test
  @Order(7)
  void serverAComingBackMakesItsPeriodsAvailableAgain() throws Exception {
    a.start();
    api.await("/api/v1/servers/" + ids.get("s1"), s -> "online".equals(s.get("status").asText()), Duration.ofSeconds(60));
    JsonNode periods = api.await("/api/v1/cameras/" + cameraId + "/periods" + span(),
        p -> p.findValuesAsText("serverId").contains(ids.get("s1"))
            && p.findValues("available").stream().allMatch(JsonNode::asBoolean), Duration.ofSeconds(30));
    assertTrue(periods.size() >= 2, periods.toString());
  }
}

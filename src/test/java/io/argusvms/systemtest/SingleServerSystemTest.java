package io.argusvms.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.testing.TestCamera;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real server process started from the distribution (bin/argus), a real RTSP camera, everything
 * checked through the HTTP API: the user's story of issue 2, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SingleServerSystemTest {
  @TempDir static Path temp;
  static TestCamera camera;
  static ServerProcess server;
  static ApiClient api;
  static String rtspCameraId;
  static long startedMs;

  @BeforeAll
  static void startServerAndCamera() throws Exception {
    camera = TestCamera.start(1);
    startedMs = System.currentTimeMillis();
    server = new ServerProcess("single", temp.resolve("data"), List.of("--chunk-duration", "4s"), Map.of()).start();
    api = new ApiClient(server.url()).login("admin", ServerProcess.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (server != null) server.close();
    if (camera != null) camera.close();
  }

  static JsonNode awaitCameraState(String id, String state, Duration timeout) throws Exception {
    return api.await("/api/v1/cameras/" + id, c -> state.equals(c.path("status").path("state").asText()), timeout);
  }

  /** The System database holds the token secret and password hashes: no other local user may read it. */
  @Test
  @Order(0)
  void theDataFolderAndTheSystemDatabaseArePrivateToTheServersUser() throws Exception {
    Path data = server.dataDir();
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    try (var files = Files.walk(data)) {
      for (Path p : files.toList()) {
        String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        assertTrue(perms.endsWith("------"), p + " is " + perms);
      }
    }
    assertTrue(Files.exists(data.resolve("system-db/data.mdb")), "the System database is where it is checked");
  }

  @Test
  @Order(1)
  void demoCameraRecordsWithinSecondsOfFirstStart() throws Exception {
    JsonNode cams = api.get("/api/v1/cameras").json();
    assertEquals(1, cams.size(), cams.toString());
    String demoId = cams.get(0).get("id").asText();
    JsonNode demo = awaitCameraState(demoId, "recording", Duration.ofSeconds(30));
    assertEquals(api.get("/api/v1/health").json().get("serverId").asText(), demo.path("status").path("serverId").asText());
  }

  @Test
  @Order(2)
  void addedRtspCameraRecordsAndItsArchivePlays() throws Exception {
    var created = api.post("/api/v1/cameras", "{\"name\":\"door\",\"url\":\"" + camera.url(0) + "\"}");
    assertEquals(201, created.status(), created.body());
    rtspCameraId = created.json().get("id").asText();
    awaitCameraState(rtspCameraId, "recording", Duration.ofSeconds(30));

    // Let it record across at least two chunks (4 s each), then ask for what was recorded.
    Thread.sleep(10_000);
    long now = System.currentTimeMillis();
    String span = "?from=" + (startedMs - 60_000) + "&to=" + (now + 1000);
    JsonNode periods = api.get("/api/v1/cameras/" + rtspCameraId + "/periods" + span).json();
    assertTrue(periods.size() >= 1, periods.toString());
    long recorded = 0;
    for (JsonNode p : periods) recorded += p.get("endMs").asLong() - p.get("startMs").asLong();
    assertTrue(recorded >= 6_000, "recorded only " + recorded + " ms: " + periods);

    String playlist = api.get("/api/v1/cameras/" + rtspCameraId + "/archive.m3u8" + span).body();
    assertTrue(playlist.startsWith("#EXTM3U"), playlist);
    assertTrue(playlist.contains("#EXT-X-BYTERANGE"), playlist);
    assertTrue(playlist.contains("#EXT-X-ENDLIST"), playlist);

    // A real HLS client (FFmpeg's demuxer) plays the playlist through the server, segment by segment.
    String url = server.url() + "/api/v1/cameras/" + rtspCameraId + "/archive.m3u8" + span + "&token=" + api.token();
    int frames = decodeFrames(url, 2000);
    assertTrue(frames >= 100, "decoded only " + frames + " frames from the archive playlist");
  }

  @Test
  @Order(3)
  void liveAndExportWork() throws Exception {
    String live = api.get("/api/v1/cameras/" + rtspCameraId + "/live.m3u8").body();
    assertTrue(live.startsWith("#EXTM3U") && live.contains("#EXTINF"), live);
    assertFalse(live.contains("#EXT-X-ENDLIST"), live);

    long now = System.currentTimeMillis();
    var mp4 = api.get("/api/v1/cameras/" + rtspCameraId + "/export.mp4?from=" + (now - 8000) + "&to=" + (now - 2000));
    assertEquals(200, mp4.status(), mp4.body());
    Path file = temp.resolve("clip.mp4");
    Files.write(file, mp4.bytes());
    int frames = decodeFrames(file.toString(), 1000);
    assertTrue(frames >= 50, "export decoded to only " + frames + " frames");
  }

  @Test
  @Order(4)
  void badInputGetsClearErrors() throws Exception {
    var bad = api.post("/api/v1/cameras", "{\"name\":\"x\",\"url\":\"http://example/x\"}");
    assertEquals(400, bad.status(), bad.body());
    assertTrue(bad.json().get("message").asText().contains("url"), bad.body());
    assertEquals(400, api.post("/api/v1/cameras", "{not json").status());
    assertEquals(404, api.get("/api/v1/cameras/no-such-camera").status());
    assertEquals(400, api.get("/api/v1/cameras/" + rtspCameraId + "/periods?from=2000&to=1000").status());
    long now = System.currentTimeMillis();
    assertEquals(400, api.get("/api/v1/cameras/" + rtspCameraId + "/archive.m3u8?from=" + (now - 366L * 86_400_000)
        + "&to=" + now).status());
    assertEquals(401, new ApiClient(server.url()).get("/api/v1/cameras").status());
  }

  @Test
  @Order(5)
  void snapshotsAreTheNewestKeyframeAsAJpegAndSayWhyWhenThereIsNone() throws Exception {
    String base = "/api/v1/cameras/" + rtspCameraId + "/snapshot.jpg";
    ApiClient.Response live = api.get(base);
    assertEquals(200, live.status(), live.body());
    java.awt.image.BufferedImage picture = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(live.bytes()));
    assertTrue(picture != null && picture.getWidth() == 320 && picture.getHeight() == 180,
        "the camera's own size (320x180): " + picture);
    java.awt.image.BufferedImage small = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
        api.get(base + "?width=160").bytes()));
    assertEquals(160, small.getWidth());
    assertEquals(90, small.getHeight());
    long recorded = System.currentTimeMillis() - 5_000;
    ApiClient.Response archived = api.get(base + "?at=" + recorded + "&width=64");
    assertEquals(200, archived.status(), archived.body());
    assertEquals(64, javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(archived.bytes())).getWidth());
    // A media token (what an <img> in the web client carries) reads it; the login is not needed.
    String media = api.get("/api/v1/cameras/" + rtspCameraId + "/media-token").json().get("token").asText();
    assertEquals(200, new ApiClient(server.url()).get(base + "?width=32&token=" + media).status());

    ApiClient.Response narrow = api.get(base + "?width=5");
    assertEquals(400, narrow.status(), narrow.body());
    assertTrue(narrow.json().get("message").asText().startsWith("width:"), narrow.body());
    ApiClient.Response badTime = api.get(base + "?at=yesterday");
    assertEquals(400, badTime.status(), badTime.body());
    assertTrue(badTime.json().get("message").asText().startsWith("at:"), badTime.body());
    assertEquals(404, api.get("/api/v1/cameras/no-such-camera/snapshot.jpg").status());
    assertEquals(404, api.get(base + "?at=" + (startedMs - 3_600_000)).status(), "nothing recorded then");

    // A camera that has not recorded a keyframe yet: 503, and the reason.
    var created = api.post("/api/v1/cameras", "{\"name\":\"unplugged\",\"url\":\"rtsp://127.0.0.1:9/none\"}");
    assertEquals(201, created.status(), created.body());
    String unplugged = created.json().get("id").asText();
    ApiClient.Response none = api.get("/api/v1/cameras/" + unplugged + "/snapshot.jpg");
    assertEquals(503, none.status(), none.body());
    assertEquals("no_keyframe", none.json().get("error").asText(), none.body());
    assertEquals(204, api.delete("/api/v1/cameras/" + unplugged).status());
  }

  @Test
  @Order(6)
  void cameraWithWrongPathReportsWhyItDoesNotRecord() throws Exception {
    String url = camera.url(0).replace("/cam0", "/nosuchpath");
    var created = api.post("/api/v1/cameras", "{\"name\":\"wrong\",\"url\":\"" + url + "\"}");
    assertEquals(201, created.status(), created.body());
    String id = created.json().get("id").asText();
    JsonNode c = api.await("/api/v1/cameras/" + id,
        j -> "connecting".equals(j.path("status").path("state").asText()) && j.path("status").hasNonNull("error"),
        Duration.ofSeconds(30));
    assertFalse(c.path("status").path("error").asText().isBlank());
    assertEquals(204, api.delete("/api/v1/cameras/" + id).status());
  }

  @Test
  @Order(7)
  void killMinus9AndRestartKeepsConfigurationAndArchiveAndResumesRecording() throws Exception {
    long before = System.currentTimeMillis();
    String span = "?from=" + (startedMs - 60_000) + "&to=" + before;
    JsonNode periodsBefore = api.get("/api/v1/cameras/" + rtspCameraId + "/periods" + span).json();
    server.kill();
    server.start();
    api = new ApiClient(server.url()).login("admin", ServerProcess.ADMIN_PASSWORD);
    JsonNode cams = api.get("/api/v1/cameras").json();
    List<String> names = new ArrayList<>();
    cams.forEach(c -> names.add(c.get("name").asText()));
    assertTrue(names.contains("door"), names.toString());
    awaitCameraState(rtspCameraId, "recording", Duration.ofSeconds(30));
    JsonNode periodsAfter = api.get("/api/v1/cameras/" + rtspCameraId + "/periods" + span).json();
    assertEquals(total(periodsBefore), total(periodsAfter), 1500,
        "recorded time before the kill must survive it: " + periodsBefore + " vs " + periodsAfter);
  }

  @Test
  @Order(8)
  void gracefulStopExitsCleanly() throws Exception {
    int exit = server.stop();
    assertTrue(exit == 0 || exit == 143, "exit code after SIGTERM was " + exit + "; log:\n" + server.tail());
    assertTrue(Files.readString(server.logFile()).contains("Argus server"), server.tail());
  }

  private static long total(JsonNode periods) {
    long sum = 0;
    for (JsonNode p : periods) sum += p.get("endMs").asLong() - p.get("startMs").asLong();
    return sum;
  }

  static int decodeFrames(String url, int max) throws Exception {
    return decode(url, max).frames();
  }

  /** What decoding gave: the frames, and how often a frame's timestamp was before the previous one's. */
  record Decoded(int frames, int timestampsBack, long firstUs, long lastUs) {}

  static Decoded decode(String url, int max) throws Exception {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(url)) {
      g.setOption("protocol_whitelist", "file,http,tcp,crypto");
      g.setOption("rw_timeout", "10000000"); // microseconds: a server that stops answering must not hang the test
      g.start();
      int n = 0;
      int back = 0;
      long first = Long.MIN_VALUE;
      long last = Long.MIN_VALUE;
      Frame f;
      while (n < max && (f = g.grabImage()) != null) {
        if (f.image == null) continue;
        n++;
        if (first == Long.MIN_VALUE) first = f.timestamp;
        if (last != Long.MIN_VALUE && f.timestamp < last) back++;
        last = f.timestamp;
      }
      g.stop();
      return new Decoded(n, back, first, last);
    }
  }
}

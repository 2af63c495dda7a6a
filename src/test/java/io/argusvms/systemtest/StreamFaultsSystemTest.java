package io.argusvms.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.testing.TestCamera;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real RTSP camera that stalls mid-stream and one that disappears and comes back, and a server
 * killed with kill -9 while a chunk is half written; checked through the HTTP API only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamFaultsSystemTest {
  @TempDir static Path temp;
  static TestCamera camera;
  static ServerProcess server;
  static ApiClient api;
  static String cameraId;
  static long startedMs;

  @BeforeAll
  static void start() throws Exception {
    camera = TestCamera.start(1);
    // Chunks of 30 s: the chunk open at the kill is clearly half written.
    server = new ServerProcess("streams", temp.resolve("data"), List.of("--no-demo", "--chunk-duration", "30s"), Map.of()).start();
    api = new ApiClient(server.url()).login("admin", ServerProcess.ADMIN_PASSWORD);
    startedMs = System.currentTimeMillis();
    var created = api.post("/api/v1/cameras", "{\"name\":\"gate\",\"url\":\"" + camera.url(0) + "\"}");
    assertEquals(201, created.status(), created.body());
    cameraId = created.json().get("id").asText();
    awaitState("recording", Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
    if (camera != null) camera.close();
  }

  static JsonNode awaitState(String state, Duration timeout) throws Exception {
    return api.await("/api/v1/cameras/" + cameraId, c -> state.equals(c.path("status").path("state").asText()), timeout);
  }

  static JsonNode awaitConnectingWith(String error, Duration timeout) throws Exception {
    return api.await("/api/v1/cameras/" + cameraId, c -> "connecting".equals(c.path("status").path("state").asText())
        && c.path("status").path("error").asText().contains(error), timeout);
  }

  static JsonNode periods(long fromMs, long toMs) throws Exception {
    return api.get("/api/v1/cameras/" + cameraId + "/periods?from=" + fromMs + "&to=" + toMs).json();
  }

  /** The recorded periods around [fromMs, toMs] have a hole of at least minGapMs inside it. */
  static void assertGap(long fromMs, long toMs, long minGapMs) throws Exception {
    JsonNode p = periods(startedMs - 1000, System.currentTimeMillis() + 1000);
    for (int i = 1; i < p.size(); i++) {
      long holeStart = p.get(i - 1).get("endMs").asLong();
      long holeEnd = p.get(i).get("startMs").asLong();
      if (holeEnd - holeStart >= minGapMs && holeStart >= fromMs - 2000 && holeEnd <= toMs + 20_000) return;
    }
    throw new AssertionError("no gap of " + minGapMs + " ms between " + fromMs + " and " + toMs + ": " + p);
  }

  @Test
  @Order(1)
  void cameraThatStallsMidStreamIsReportedAndRecordsAgainWhenItThaws() throws Exception {
    Thread.sleep(2000);
    long frozenAt = System.currentTimeMillis();
    camera.freeze();
    try {
      awaitConnectingWith("stalled", Duration.ofSeconds(15));
    } finally {
      camera.thaw();
    }
    long thawedAt = System.currentTimeMillis();
    awaitState("recording", Duration.ofSeconds(20));
    Thread.sleep(1500);
    assertGap(frozenAt, thawedAt, 3000);
  }

  @Test
  @Order(2)
  void cameraThatDisappearsAndComesBackIsReportedAndRecordsAgain() throws Exception {
    long goneAt = System.currentTimeMillis();
    camera.kill();
    JsonNode c = awaitConnectingWith("", Duration.ofSeconds(10));
    assertTrue(c.path("status").hasNonNull("error"), c.toString());
    Thread.sleep(3000);
    c = api.get("/api/v1/cameras/" + cameraId).json();
    assertEquals("connecting", c.path("status").path("state").asText(), c.toString());
    assertTrue(c.path("status").path("error").asText().contains("connection refused"), c.toString());
    camera.restart();
    long backAt = System.currentTimeMillis();
    awaitState("recording", Duration.ofSeconds(25));
    Thread.sleep(1500);
    assertGap(goneAt, backAt, 3000);
  }

  @Test
  @Order(3)
  void killMinus9WhileAChunkIsHalfWrittenKeepsItUpToAboutItsLastSecond() throws Exception {
    Thread.sleep(6000); // well inside a 30 s chunk
    long killedAt = System.currentTimeMillis();
    server.kill();
    server.start();
    api = new ApiClient(server.url()).login("admin", ServerProcess.ADMIN_PASSWORD);
    JsonNode p = periods(killedAt - 60_000, killedAt);
    long lastEnd = p.get(p.size() - 1).get("endMs").asLong();
    assertTrue(lastEnd >= killedAt - 2500, "recorded up to " + (killedAt - lastEnd) + " ms before the kill: " + p);

    String span = "?from=" + (killedAt - 5000) + "&to=" + killedAt;
    String playlist = api.get("/api/v1/cameras/" + cameraId + "/archive.m3u8" + span).body();
    assertTrue(playlist.contains("#EXTINF"), playlist);
    String url = server.url() + "/api/v1/cameras/" + cameraId + "/archive.m3u8" + span + "&token=" + api.token();
    int frames = SingleServerSystemTest.decodeFrames(url, 1000);
    assertTrue(frames >= 75, "decoded only " + frames + " frames of the last 5 s before the kill");

    String log = Files.readString(server.logFile());
    assertTrue(log.contains("Archive recovery: 1 open chunks sealed"), log);
    assertTrue(log.contains("was open at the last stop: sealed at"), log);
    awaitState("recording", Duration.ofSeconds(30));
  }
}

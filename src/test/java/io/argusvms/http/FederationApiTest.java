package io.argusvms.http;

import static io.argusvms.http.ApiTestServer.assertError;
import static io.argusvms.http.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.KeyframeEntry;
import io.argusvms.playback.ArchiveSummary;
import io.argusvms.system.ServerInfo;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real HTTP servers in one JVM, each over its own TestSystem: s1 holds a camera's first 10 s, s2 the
 * next 12 s (its clock 2 s behind, so they overlap). Everything is asked of s1.
 */
class FederationApiTest {
  static final long T0 = ApiTestServer.START.toEpochMilli() - 120_000;
  static ApiTestServer s1;
  static ApiTestServer s2;
  static String viewer;
  static byte[] bytesOfS2;
  static Path fileOfS2;
  @TempDir static Path dir;

  static ChunkRecord chunk(Path file, long startMs, long durationMs, int bytesPerSecond) {
    List<KeyframeEntry> keyframes = new java.util.ArrayList<>();
    for (long t = 0; t < durationMs; t += 1000) keyframes.add(new KeyframeEntry(startMs + t, t / 1000 * bytesPerSecond));
    return new ChunkRecord("cam-f", startMs, startMs + durationMs, file.toString(),
        durationMs / 1000 * bytesPerSecond, keyframes, true);
  }

  /** Server {@code id} as another server's System database knows it: its API at {@code s}'s port. */
  static void see(ApiTestServer from, ApiTestServer s, String id, boolean online) {
    int port = s == null ? 1 : s.binding.localAddress().getPort();
    from.backend.putServer(new ServerInfo(id, id, "http://127.0.0.1:" + port, "pekko://argus@127.0.0.1:" + (port + 1),
        true, 10), online);
  }

  @BeforeAll
  static void start() throws Exception {
    s1 = new ApiTestServer("s1");
    s2 = new ApiTestServer("s2");
    for (ApiTestServer s : List.of(s1, s2)) s.backend.putCamera("cam-f", "Federated");
    byte[] a = new byte[10 * 100];
    Arrays.fill(a, (byte) 1);
    Path fileOfS1 = dir.resolve("s1.ts");
    Files.write(fileOfS1, a);
    s1.backend.catalog().put(chunk(fileOfS1, T0, 10_000, 100));
    bytesOfS2 = new byte[12 * 100];
    for (int i = 0; i < bytesOfS2.length; i++) bytesOfS2[i] = (byte) i;
    fileOfS2 = dir.resolve("s2.ts");
    Files.write(fileOfS2, bytesOfS2);
    s2.backend.catalog().put(chunk(fileOfS2, T0 + 8_000, 12_000, 100));
    viewer = s1.viewerToken();
  }

  /** Every test starts with both servers online and knowing each other. */
  @AfterEach
  void bothOnline() {
    see(s1, s2, "s2", true);
    see(s2, s1, "s1", true);
    s1.backend.summaries.clear();
  }

  @AfterAll
  static void stop() throws Exception {
    s1.close();
    s2.close();
  }

  static String span(long from, long to) {
    return "?from=" + from + "&to=" + to;
  }

  @Test
  void periodsOfBothServersAreMergedAndTheLaterStartIsTrimmed() throws Exception {
    bothOnline();
    JsonNode periods = json(s1.get("/api/v1/cameras/cam-f/periods" + span(T0 - 1000, T0 + 60_000), viewer));
    assertEquals(2, periods.size(), periods.toString());
    assertEquals("s1", periods.get(0).get("serverId").asText());
    assertEquals(T0 + 10_000, periods.get(0).get("endMs").asLong());
    assertEquals("s2", periods.get(1).get("serverId").asText());
    assertEquals(T0 + 10_000, periods.get(1).get("startMs").asLong());
    assertEquals(T0 + 20_000, periods.get(1).get("endMs").asLong());
    assertTrue(periods.get(1).get("available").asBoolean());
  }

  @Test
  void playlistGoesFromS1ToS2AndS2sSegmentsStreamThroughS1WithRanges() throws Exception {
    bothOnline();
    String playlist = s1.get("/api/v1/cameras/cam-f/archive.m3u8" + span(T0, T0 + 30_000), viewer).body();
    assertEquals(10, count(playlist, "chunks/" + T0 + ".ts?token="), playlist);
    // s2's chunk from its first keyframe at or after s1's end (10 s): segments at 10..19 s
    assertEquals(10, count(playlist, "server=s2"), playlist);
    assertEquals(1, count(playlist, "#EXT-X-DISCONTINUITY"), playlist);
    Matcher m = Pattern.compile("#EXT-X-BYTERANGE:(\\d+)@(\\d+)\\n(chunks/\\S+server=s2\\S+)").matcher(playlist);
    assertTrue(m.find(), playlist);
    long length = Long.parseLong(m.group(1));
    long offset = Long.parseLong(m.group(2));
    assertEquals(200, offset); // keyframe at T0+10 s in a chunk starting at T0+8 s
    HttpResponse<byte[]> seg = s1.client.send(s1.request("/api/v1/cameras/cam-f/" + m.group(3))
        .header("Range", "bytes=" + offset + "-" + (offset + length - 1)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(206, seg.statusCode());
    assertEquals("bytes " + offset + "-" + (offset + length - 1) + "/1200", seg.headers().firstValue("Content-Range").orElse(""));
    assertArrayEquals(Arrays.copyOfRange(bytesOfS2, (int) offset, (int) (offset + length)), seg.body());
  }

  @Test
  void ownerOfflineMidPlaybackIs503AndItsPeriodsStayListedUnavailable() throws Exception {
    bothOnline();
    String playlist = s1.get("/api/v1/cameras/cam-f/archive.m3u8" + span(T0, T0 + 30_000), viewer).body();
    Matcher m = Pattern.compile("chunks/\\S+server=s2\\S+").matcher(playlist);
    assertTrue(m.find());
    see(s1, s2, "s2", false);
    s1.backend.summaries.put("cam-f", Map.of("s2", new ArchiveSummary(List.of(new ArchiveSummary.Span(T0 + 8_000, T0 + 20_000)))));
    assertError(s1.get("/api/v1/cameras/cam-f/" + m.group(), viewer), 503, "offline");
    JsonNode periods = json(s1.get("/api/v1/cameras/cam-f/periods" + span(T0 - 1000, T0 + 60_000), viewer));
    assertEquals(2, periods.size(), periods.toString());
    assertTrue(periods.get(0).get("available").asBoolean());
    assertEquals("s2", periods.get(1).get("serverId").asText());
    assertFalse(periods.get(1).get("available").asBoolean());
    assertEquals(T0 + 10_000, periods.get(1).get("startMs").asLong());
    String now = s1.get("/api/v1/cameras/cam-f/archive.m3u8" + span(T0, T0 + 30_000), viewer).body();
    assertFalse(now.contains("server=s2"), now);
  }

  @Test
  void ownerThatDoesNotAnswerCountsAsUnavailableQuickly() throws Exception {
    bothOnline();
    see(s1, null, "s2", true); // "online", but nothing listens at its URL
    s1.backend.summaries.put("cam-f", Map.of("s2", new ArchiveSummary(List.of(new ArchiveSummary.Span(T0 + 8_000, T0 + 20_000)))));
    long t = System.nanoTime();
    JsonNode periods = json(s1.get("/api/v1/cameras/cam-f/periods" + span(T0 - 1000, T0 + 60_000), viewer));
    assertTrue((System.nanoTime() - t) / 1e9 < 5, "took too long");
    assertFalse(periods.get(1).get("available").asBoolean(), periods.toString());
    HttpResponse<String> seg = s1.get("/api/v1/cameras/cam-f/chunks/" + (T0 + 8_000) + ".ts?server=s2", viewer);
    assertError(seg, 503, "did not answer");
  }

  @Test
  void chunkDeletedOnItsOwnerAfterListingIs404JsonThroughTheProxy() throws Exception {
    bothOnline();
    Path gone = dir.resolve("gone.ts");
    Files.write(gone, new byte[500]);
    ChunkRecord c = chunk(gone, T0 + 40_000, 5_000, 100);
    s2.backend.catalog().put(c);
    try {
      String playlist = s1.get("/api/v1/cameras/cam-f/archive.m3u8" + span(T0 + 40_000, T0 + 45_000), viewer).body();
      assertTrue(playlist.contains("server=s2"), playlist);
      Files.delete(gone); // retention, after the playlist went out
      assertError(s1.get("/api/v1/cameras/cam-f/chunks/" + (T0 + 40_000) + ".ts?server=s2", viewer), 404, "chunk");
    } finally {
      s2.backend.catalog().delete(c.cameraId(), c.startMs());
    }
  }

  @Test
  void spanWithoutRecordingIsEmptyOnEveryServer() throws Exception {
    bothOnline();
    String none = span(T0 - 3_600_000, T0 - 1_800_000);
    assertEquals(0, json(s1.get("/api/v1/cameras/cam-f/periods" + none, viewer)).size());
    String playlist = s1.get("/api/v1/cameras/cam-f/archive.m3u8" + none, viewer).body();
    assertTrue(playlist.contains("#EXT-X-ENDLIST") && !playlist.contains("#EXTINF"), playlist);
    assertError(s1.get("/api/v1/cameras/cam-f/export.mp4" + none, viewer), 404, "no recording");
  }

  @Test
  void internalChunkListLeavesPathsOnTheServer() throws Exception {
    String body = s2.get("/api/v1/internal/cameras/cam-f/chunks" + span(T0, T0 + 60_000), viewer).body();
    JsonNode chunks = Json.MAPPER.readTree(body);
    assertEquals(1, chunks.size(), body);
    assertEquals(T0 + 8_000, chunks.get(0).get("startMs").asLong());
    assertEquals(12, chunks.get(0).get("keyframes").size());
    assertFalse(body.contains(dir.toString()), body);
  }

  static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
    return n;
  }
}

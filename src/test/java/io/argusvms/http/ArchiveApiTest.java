package io.argusvms.http;

import static io.argusvms.http.ApiTestServer.assertError;
import static io.argusvms.http.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.KeyframeEntry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveApiTest {
  static final long T0 = ApiTestServer.START.toEpochMilli() - 60_000;
  static ApiTestServer server;
  static String viewer;
  static byte[] content;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = new ApiTestServer();
    viewer = server.viewerToken();
    server.backend.putCamera("cam-a", "Front");
    // Stand-in chunk bytes: the range logic is what is tested, not decoding.
    content = new byte[1000];
    for (int i = 0; i < content.length; i++) content[i] = (byte) (i * 7);
    Path file = dir.resolve("cam-a-" + T0 + ".ts");
    Files.write(file, content);
    // 900 of the 1000 bytes are flushed: the last 100 must never be served.
    server.backend.catalog().put(new ChunkRecord("cam-a", T0, T0 + 60_000, file.toString(), 900,
        List.of(new KeyframeEntry(T0, 0), new KeyframeEntry(T0 + 2000, 376)), true));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static HttpResponse<byte[]> media(String range) throws Exception {
    HttpRequest.Builder b = server.request("/api/v1/cameras/cam-a/chunks/" + T0 + ".ts")
        .header("Authorization", "Bearer " + viewer);
    if (range != null) b.header("Range", range);
    return server.client.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void rangeRequestReturns206WithExactlyThoseBytes() throws Exception {
    HttpResponse<byte[]> r = media("bytes=100-199");
    assertEquals(206, r.statusCode());
    assertEquals("bytes 100-199/900", r.headers().firstValue("Content-Range").orElse(""));
    assertEquals("100", r.headers().firstValue("Content-Length").orElse(""));
    assertEquals("video/mp2t", r.headers().firstValue("Content-Type").orElse(""));
    assertArrayEquals(Arrays.copyOfRange(content, 100, 200), r.body());
  }

  @Test
  void openEndedAndSuffixRangesStopAtTheFlushedSize() throws Exception {
    HttpResponse<byte[]> open = media("bytes=850-");
    assertEquals(206, open.statusCode());
    assertEquals("bytes 850-899/900", open.headers().firstValue("Content-Range").orElse(""));
    assertArrayEquals(Arrays.copyOfRange(content, 850, 900), open.body());
    HttpResponse<byte[]> suffix = media("bytes=-10");
    assertEquals(206, suffix.statusCode());
    assertArrayEquals(Arrays.copyOfRange(content, 890, 900), suffix.body());
  }

  @Test
  void noRangeServesTheWholeFlushedChunk() throws Exception {
    HttpResponse<byte[]> r = media(null);
    assertEquals(200, r.statusCode());
    assertEquals("bytes", r.headers().firstValue("Accept-Ranges").orElse(""));
    assertArrayEquals(Arrays.copyOf(content, 900), r.body());
  }

  @Test
  void rangePastTheEndIs416() throws Exception {
    HttpResponse<byte[]> r = media("bytes=900-999");
    assertEquals(416, r.statusCode());
    assertEquals("bytes */900", r.headers().firstValue("Content-Range").orElse(""));
  }

  @Test
  void mediaTokenInQueryWorksWithoutHeaders() throws Exception {
    HttpResponse<byte[]> r = server.client.send(server.request("/api/v1/cameras/cam-a/chunks/" + T0 + ".ts?token=" + viewer)
        .header("Range", "bytes=0-9").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(206, r.statusCode());
    assertArrayEquals(Arrays.copyOf(content, 10), r.body());
  }

  @Test
  void unknownChunkAndUnknownCameraAre404() throws Exception {
    assertError(server.get("/api/v1/cameras/cam-a/chunks/" + (T0 + 1) + ".ts", viewer), 404, "chunk");
    assertError(server.get("/api/v1/cameras/ghost/chunks/" + T0 + ".ts", viewer), 404, "ghost");
    assertError(server.get("/api/v1/cameras/ghost/periods?from=1&to=2", viewer), 404, "ghost");
    assertError(server.get("/api/v1/cameras/ghost/live.m3u8", viewer), 404, "ghost");
  }

  @Test
  void spanParametersAreValidatedAndNamed() throws Exception {
    String base = "/api/v1/cameras/cam-a/";
    assertError(server.get(base + "archive.m3u8?to=5", viewer), 400, "from");
    assertError(server.get(base + "archive.m3u8?from=5", viewer), 400, "to");
    assertError(server.get(base + "archive.m3u8?from=abc&to=5", viewer), 400, "from");
    assertError(server.get(base + "archive.m3u8?from=10&to=5", viewer), 400, "to");
    assertError(server.get(base + "periods?from=10&to=10", viewer), 400, "to");
    long year = 366L * 24 * 3600 * 1000;
    assertError(server.get(base + "archive.m3u8?from=" + T0 + "&to=" + (T0 + year), viewer), 400, "24 hours");
    assertError(server.get(base + "export.mp4?from=" + T0 + "&to=" + (T0 + year), viewer), 400, "24 hours");
    assertError(server.get(base + "periods?from=" + T0 + "&to=" + (T0 + 2 * year), viewer), 400, "366 days");
  }

  @Test
  void exportOfASpanWithoutRecordingIs404() throws Exception {
    long from = T0 - 3_600_000;
    assertError(server.get("/api/v1/cameras/cam-a/export.mp4?from=" + from + "&to=" + (from + 60_000), viewer),
        404, "no recording");
  }

  @Test
  @Tag("needs-playback")
  void periodsListTheRecordedChunkOfThisServer() throws Exception {
    HttpResponse<String> r = server.get("/api/v1/cameras/cam-a/periods?from=" + (T0 - 1000) + "&to=" + (T0 + 120_000), viewer);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(1, json(r).size());
    assertEquals(T0, json(r).get(0).get("startMs").asLong());
    assertEquals(T0 + 60_000, json(r).get(0).get("endMs").asLong());
    assertEquals("s1", json(r).get(0).get("serverId").asText());
  }

  @Test
  @Tag("needs-playback")
  void archivePlaylistNamesSegmentsWithAToken() throws Exception {
    HttpResponse<String> r = server.get("/api/v1/cameras/cam-a/archive.m3u8?from=" + T0 + "&to=" + (T0 + 60_000), viewer);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().startsWith("#EXTM3U"), r.body());
    assertTrue(r.body().contains("chunks/" + T0 + ".ts?token="), r.body());
    assertTrue(r.body().contains("#EXT-X-BYTERANGE"), r.body());
  }

  @Test
  @Tag("needs-playback")
  void livePlaylistUsesTheNewestChunks() throws Exception {
    HttpResponse<String> r = server.get("/api/v1/cameras/cam-a/live.m3u8", viewer);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("chunks/" + T0 + ".ts?token="), r.body());
  }

  /** Audit finding: playlist segment URLs carried the caller's full 12-hour token (for an admin, one that reads /users). */
  @Test
  @Tag("needs-playback")
  void playlistsCarryMediaTokensThatReadTheirCamerasMediaOnly() throws Exception {
    String admin = server.adminToken();
    server.backend.putCamera("cam-other", "Other");
    String playlist = server.get("/api/v1/cameras/cam-a/archive.m3u8?from=" + T0 + "&to=" + (T0 + 60_000), admin).body();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("chunks/" + T0 + "\\.ts\\?token=([^\\s&]+)").matcher(playlist);
    assertTrue(m.find(), playlist);
    String media = m.group(1);
    assertTrue(!media.equals(admin), "the caller's own token");
    assertEquals(206, server.client.send(server.request("/api/v1/cameras/cam-a/chunks/" + T0 + ".ts?token=" + media)
        .header("Range", "bytes=0-9").GET().build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode());
    for (String other : java.util.List.of("/api/v1/users", "/api/v1/cameras", "/api/v1/cameras/cam-other/live.m3u8",
        "/api/v1/cameras/cam-other/chunks/" + T0 + ".ts", "/api/v1/cameras/cam-a/media-token")) {
      assertError(server.send(server.request(other + "?token=" + media).GET().build()), 403, "media token");
      assertError(server.get(other, media), 403, "media token");
    }
    HttpResponse<String> post = server.send("POST", "/api/v1/users", media,
        "{\"username\":\"evil\",\"role\":\"admin\",\"password\":\"evil-pw-1\"}");
    assertEquals(403, post.statusCode(), post.body());
    JsonNode t = json(server.get("/api/v1/cameras/cam-a/media-token", viewer));
    assertTrue(t.get("expiresAt").asLong() <= server.clock.millis() + AuthTokens.MEDIA_TOKEN_TTL.toMillis(), t.toString());
    server.clock.advance(AuthTokens.MEDIA_TOKEN_TTL.plusSeconds(1));
    try {
      assertError(server.get("/api/v1/cameras/cam-a/live.m3u8", t.get("token").asText()), 401, "Log in");
    } finally {
      server.clock.advance(AuthTokens.MEDIA_TOKEN_TTL.plusSeconds(1).negated());
    }
  }
}

package io.argusvms.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.testing.Mounts;
import io.argusvms.testing.TestCamera;
import java.io.IOException;
import java.io.OutputStream;
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
 * The server's data folder on a small tmpfs, a camera that fills it fast (an incompressible
 * picture at 8 Mbit/s), chunks of 2 s: storage that stops taking writes, a disk that retention
 * keeps from filling, and a disk that really fills. Everything checked through the HTTP API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageFaultsSystemTest {
  static final long DISK_BYTES = 8L << 20;
  @TempDir static Path temp;
  static Path data;
  static Path config;
  static TestCamera camera;
  static ServerProcess server;
  static ApiClient api;
  static String cameraId;
  static String serverId;
  static long startedMs;

  @BeforeAll
  static void start() throws Exception {
    data = temp.resolve("data");
    Files.createDirectories(data);
    Mounts.tmpfs(data, "8m");
    config = temp.resolve("storage.conf");
    writeRetention("2MiB");
    camera = TestCamera.start(1, List.of("--pattern", "snow", "--bitrate", "8000"));
    server = new ServerProcess("storage", data,
        List.of("--no-demo", "--chunk-duration", "2s", "--config", config.toString()), Map.of()).start();
    api = new ApiClient(server.url()).login("admin", ServerProcess.ADMIN_PASSWORD);
    serverId = api.get("/api/v1/health").json().get("serverId").asText();
    startedMs = System.currentTimeMillis();
    var created = api.post("/api/v1/cameras", "{\"name\":\"busy\",\"url\":\"" + camera.url(0) + "\"}");
    assertEquals(201, created.status(), created.body());
    cameraId = created.json().get("id").asText();
    awaitState("recording", Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
    if (camera != null) camera.close();
    Mounts.unmountQuietly(data.resolve("archive"));
    Mounts.unmountQuietly(data);
  }

  static void writeRetention(String minFree) throws IOException {
    Files.writeString(config, "argus.retention { min-free-space = " + minFree
        + ", interval = 1s, max-age = 0 }\n");
  }

  static JsonNode awaitState(String state, Duration timeout) throws Exception {
    return api.await("/api/v1/cameras/" + cameraId, c -> state.equals(c.path("status").path("state").asText()), timeout);
  }

  static JsonNode storage() throws Exception {
    return api.get("/api/v1/servers/" + serverId).json().path("storage");
  }

  @Test
  @Order(1)
  void archiveThatStopsTakingWritesIsReportedAndRecordingResumesWhenItIsBack() throws Exception {
    Path archive = data.resolve("archive");
    Mounts.readOnlyInPlace(archive);
    try {
      api.await("/api/v1/servers/" + serverId, s -> !s.path("storage").path("writable").asBoolean(true),
          Duration.ofSeconds(10));
      JsonNode c = api.await("/api/v1/cameras/" + cameraId, j -> "connecting".equals(j.path("status").path("state").asText())
          && j.path("status").path("error").asText().contains("storage not writable"), Duration.ofSeconds(15));
      assertTrue(c.path("status").path("error").asText().contains(cameraId), c.toString());
    } finally {
      Mounts.unmount(archive);
    }
    api.await("/api/v1/servers/" + serverId, s -> s.path("storage").path("writable").asBoolean(false),
        Duration.ofSeconds(10));
    awaitState("recording", Duration.ofSeconds(10));
  }

  @Test
  @Order(2)
  void retentionKeepsRecordingGoingOnASmallDiskOldestFirst() throws Exception {
    long firstStart = periods(startedMs - 1000).get(0).get("startMs").asLong();
    // Write well over the disk's capacity.
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    long written;
    while ((written = metric("argus_recording_bytes_total")) < 2 * DISK_BYTES && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertTrue(written >= 2 * DISK_BYTES, "only " + written + " bytes written; log:\n" + server.tail());
    assertEquals("recording", api.get("/api/v1/cameras/" + cameraId).json().path("status").path("state").asText());
    JsonNode periods = periods(startedMs - 1000);
    long oldest = periods.get(0).get("startMs").asLong();
    long newestEnd = periods.get(periods.size() - 1).get("endMs").asLong();
    assertTrue(oldest > firstStart, "the oldest recording must have gone: " + periods);
    assertTrue(System.currentTimeMillis() - newestEnd < 5000, "the newest recording must remain: " + periods);
    assertTrue(metric("argus_retention_deleted_chunks_total{reason=\"disk_pressure\"}") > 0);
    assertEveryListedChunkCanBeFetched();
  }

  @Test
  @Order(3)
  void aDiskThatReallyFillsStopsRecordingWithAClearErrorAndResumesWhenSpaceIsFreed() throws Exception {
    server.stop();
    writeRetention("0");
    server.start();
    api = new ApiClient(server.url()).login("admin", ServerProcess.ADMIN_PASSWORD);
    awaitState("recording", Duration.ofSeconds(30));
    // A filler takes what is left; the camera's own writes do the rest.
    Path filler = data.resolve("filler.bin");
    try (OutputStream out = Files.newOutputStream(filler)) {
      byte[] block = new byte[64 * 1024];
      while (true) out.write(block);
    } catch (IOException full) {
      // No space left on device: that was the point.
    }
    long fullAt = System.currentTimeMillis();
    // The server stops being a place for cameras (placement reads "writable") by the same rule
    // that stops its recorder (StorageLayout.whyNotWritable).
    api.await("/api/v1/servers/" + serverId, j -> !j.path("storage").path("writable").asBoolean(true), Duration.ofSeconds(15));
    long unplaceableAt = System.currentTimeMillis();
    JsonNode c = api.await("/api/v1/cameras/" + cameraId, j -> "connecting".equals(j.path("status").path("state").asText())
        && j.path("status").path("error").asText().contains("storage full"), Duration.ofSeconds(15));
    System.out.printf("disk full of another file: the server reports storage not writable %.1f s later, its camera"
        + " stops with 'storage full' %.1f s later%n", (unplaceableAt - fullAt) / 1e3, (System.currentTimeMillis() - fullAt) / 1e3);
    Thread.sleep(3000); // stays full a while: nothing may crash
    assertTrue(server.isAlive(), server.tail());
    assertEquals(200, api.get("/api/v1/health").status());
    assertEquals("connecting", api.get("/api/v1/cameras/" + cameraId).json().path("status").path("state").asText(),
        "no recording while the disk is full: " + c);

    Files.delete(filler);
    awaitState("recording", Duration.ofSeconds(15));
    long resumedAt = System.currentTimeMillis();
    Thread.sleep(3000);
    JsonNode periods = periods(resumedAt - 60_000);
    long newestEnd = periods.get(periods.size() - 1).get("endMs").asLong();
    assertTrue(newestEnd > resumedAt, "recording after space was freed: " + periods);
    assertEveryListedChunkCanBeFetched();
  }

  static JsonNode periods(long fromMs) throws Exception {
    return api.get("/api/v1/cameras/" + cameraId + "/periods?from=" + fromMs + "&to=" + (System.currentTimeMillis() + 1000)).json();
  }

  static long metric(String name) throws Exception {
    return (long) SystemFixture.metric(api, name);
  }

  /**
   * Every chunk the archive playlist names can be fetched. Retention may delete the oldest chunk
   * between the playlist and the fetch; then the next playlist must no longer name it (no catalog
   * entry may point at a deleted file).
   */
  static void assertEveryListedChunkCanBeFetched() throws Exception {
    long now = System.currentTimeMillis();
    String span = "?from=" + (startedMs - 60_000) + "&to=" + (now + 1000);
    String playlist = api.get("/api/v1/cameras/" + cameraId + "/archive.m3u8" + span).body();
    List<String> urls = playlist.lines().filter(l -> l.startsWith("chunks/")).distinct().toList();
    assertTrue(urls.size() >= 2, playlist);
    for (String url : urls) {
      String path = url.substring(0, url.indexOf('?'));
      int status = api.get("/api/v1/cameras/" + cameraId + "/" + path).status();
      if (status == 404) {
        String again = api.get("/api/v1/cameras/" + cameraId + "/archive.m3u8" + span).body();
        assertTrue(!again.contains(path + "?"), path + " is listed but its file is gone");
      } else {
        assertEquals(200, status, path);
      }
    }
  }
}

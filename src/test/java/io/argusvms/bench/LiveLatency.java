package io.argusvms.bench;

import io.argusvms.systemtest.ApiClient;
import io.argusvms.systemtest.ServerProcess;
import io.argusvms.testing.TestCamera;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Camera-to-playlist latency of live.m3u8: one real server (scripts/start-node.sh), one RTSP test
 * camera (GStreamer, keyframe every second). Every 500 ms for the sampling time it GETs the live
 * playlist and computes wall clock at the request minus the end of the newest segment listed
 * (its #EXT-X-PROGRAM-DATE-TIME + #EXTINF): how old the newest video a player can fetch is.
 * Run with bench/live-latency.sh [seconds].
 */
public final class LiveLatency {
  private LiveLatency() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Path data = Files.createTempDirectory("argus-live-latency");
    try (TestCamera camera = TestCamera.start(1);
        ServerProcess server = new ServerProcess("live-latency", data.resolve("data"), List.of("--no-demo"), Map.of()).start()) {
      ApiClient api = new ApiClient(server.url()).login("admin", ServerProcess.ADMIN_PASSWORD);
      String id = api.post("/api/v1/cameras", "{\"name\":\"bench\",\"url\":\"" + camera.url(0) + "\"}").json().get("id").asText();
      api.await("/api/v1/cameras/" + id, c -> "recording".equals(c.path("status").path("state").asText()),
          java.time.Duration.ofSeconds(30));
      Thread.sleep(4000); // a few segments first
      List<Long> edge = new ArrayList<>();
      List<Long> requestMs = new ArrayList<>();
      List<Double> segment = new ArrayList<>();
      long until = System.currentTimeMillis() + seconds * 1000L;
      while (System.currentTimeMillis() < until) {
        long sent = System.currentTimeMillis();
        String playlist = api.get("/api/v1/cameras/" + id + "/live.m3u8").body();
        long received = System.currentTimeMillis();
        long newestStart = -1;
        double newestSeconds = 0;
        for (String line : playlist.split("\n")) {
          if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
            newestStart = Instant.parse(line.substring("#EXT-X-PROGRAM-DATE-TIME:".length())).toEpochMilli();
          } else if (line.startsWith("#EXTINF:")) {
            newestSeconds = Double.parseDouble(line.substring("#EXTINF:".length(), line.indexOf(',')));
          }
        }
        if (newestStart > 0) {
          edge.add(received - (newestStart + Math.round(newestSeconds * 1000)));
          segment.add(newestSeconds);
          requestMs.add(received - sent);
        }
        Thread.sleep(500);
      }
      Collections.sort(edge);
      Collections.sort(requestMs);
      double meanSegment = segment.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      System.out.printf(Locale.ROOT, "live.m3u8 latency (request time - end of newest segment), %d samples over %d s:%n",
          edge.size(), seconds);
      System.out.printf(Locale.ROOT, "  min %d ms, median %d ms, p95 %d ms, max %d ms; mean segment %.2f s; playlist request median %d ms%n",
          edge.get(0), pct(edge, 50), pct(edge, 95), edge.get(edge.size() - 1), meanSegment, pct(requestMs, 50));
      System.out.printf(Locale.ROOT, "  a player starting 3 segments from the live edge (HLS default) shows video ~%.1f s old%n",
          pct(edge, 50) / 1000.0 + 3 * meanSegment);
      System.out.println("command: bench/live-latency.sh " + seconds);
    }
  }

  private static long pct(List<Long> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}

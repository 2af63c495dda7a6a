package io.argusvms.web;

import io.argusvms.systemtest.ApiClient;
import io.argusvms.systemtest.ServerProcess;
import io.argusvms.testing.TestCamera;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live latency as a viewer sees it, in headless Chromium, and what viewers cost the servers. Two
 * real servers; a GStreamer RTSP test camera recorded by server A (no standby). In one run, one
 * after another: MSE through A (the recorder), MSE through B (relaying A's), HLS through A; for
 * each, the page's samples over the window: for MSE wall clock at presentation minus the frame's
 * receive time at A (its prft box, per frame), for HLS wall clock minus hls.js's playing date.
 * Then CPU of both JVMs (/proc) with no viewer, and with V WebSocket viewers of the camera on A,
 * then on B (clients that only receive: the servers' cost, without a browser's decoding).
 * In the web test package because it drives the same Browser as the browser tests.
 * Run with bench/live-latency.sh [seconds] [viewers].
 */
public final class LiveLatencyBench {
  private static final long HZ = 100; // USER_HZ of /proc/<pid>/stat on Linux

  private LiveLatencyBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int viewers = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path data = Files.createTempDirectory("argus-live-latency");
    try (TestCamera camera = TestCamera.start(1);
        ServerProcess a = new ServerProcess("live-a", data.resolve("a"), List.of("--no-demo"), Map.of()).start();
        ServerProcess b = new ServerProcess("live-b", data.resolve("b"), List.of("--no-demo",
            "--seeds", "127.0.0.1:" + a.clusterPort(), "--join-url", a.url()), Map.of()).start()) {
      ApiClient api = new ApiClient(a.url()).login("admin", ServerProcess.ADMIN_PASSWORD);
      String aId = api.get("/api/v1/health").json().get("serverId").asText();
      api.await("/api/v1/servers", s -> s.size() == 2 && s.get(0).path("status").asText().equals("online")
          && s.get(1).path("status").asText().equals("online"), Duration.ofSeconds(120));
      String id = api.post("/api/v1/cameras", "{\"name\":\"bench\",\"url\":\"" + camera.url(0) + "\",\"homeServerId\":\""
          + aId + "\",\"failoverPriority\":\"medium\"}").json().get("id").asText();
      api.await("/api/v1/cameras/" + id, c -> "recording".equals(c.path("status").path("state").asText())
          && aId.equals(c.path("status").path("serverId").asText()), Duration.ofSeconds(60));
      Thread.sleep(4000);
      System.out.printf(Locale.ROOT, "camera: %s, recorded by A; window %d s per player%n", camera.url(0), seconds);
      System.out.println("| player | served by | frames/samples | p50 ms | p95 ms | max ms | drift-cap jumps | A CPU % | B CPU % |");
      System.out.println("|---|---|---|---|---|---|---|---|---|");
      play("MSE", a.url(), "A (records)", id, seconds, a, b);
      play("MSE", b.url(), "B (relays A)", id, seconds, a, b);
      play("HLS", a.url() + "/?hls", "A (records)", id, seconds, a, b);

      double[] idle = cpu(a, b, 20);
      System.out.printf(Locale.ROOT, "%nno viewer: A %.2f %%, B %.2f %% of a core%n", idle[0], idle[1]);
      String token = api.get("/api/v1/cameras/" + id + "/media-token").json().get("token").asText();
      for (ServerProcess via : List.of(a, b)) {
        List<WebSocket> sockets = new ArrayList<>();
        AtomicLong bytes = new AtomicLong();
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < viewers; i++) {
          sockets.add(client.newWebSocketBuilder().buildAsync(URI.create(via.url().replaceFirst("^http", "ws")
              + "/api/v1/cameras/" + id + "/live.fmp4?token=" + token), new Counting(bytes)).join());
        }
        Thread.sleep(3000);
        long before = bytes.get();
        double[] busy = cpu(a, b, 30);
        double mbit = (bytes.get() - before) * 8 / 30e6 / viewers;
        System.out.printf(Locale.ROOT, "%d WebSocket viewers on %s: A %.2f %%, B %.2f %% of a core; per viewer"
                + " A %.3f %%, B %.3f %%; %.2f Mbit/s each%n", viewers, via == a ? "A (records)" : "B (relays A)",
            busy[0], busy[1], (busy[0] - idle[0]) / viewers, (busy[1] - idle[1]) / viewers, mbit);
        for (WebSocket s : sockets) s.abort();
        Thread.sleep(2000);
      }
      System.out.println("command: bench/live-latency.sh " + seconds + " " + viewers);
    }
  }

  private static void play(String kind, String pageUrl, String servedBy, String cameraId, int seconds,
      ServerProcess a, ServerProcess b) throws Exception {
    try (Browser browser = new Browser()) {
      browser.openCamera(pageUrl, cameraId, ServerProcess.ADMIN_PASSWORD);
      browser.awaitText(Duration.ofSeconds(30), "#player-status", t -> t.contains("Live (" + kind + ")"));
      Thread.sleep(5000); // past the start
      int skip = ((List<?>) browser.liveStats().get("samples")).size();
      double[] cpu = cpu(a, b, seconds);
      Map<String, Object> end = browser.liveStats();
      List<?> all = (List<?>) end.get("samples");
      List<Long> samples = new ArrayList<>();
      for (Object o : all.subList(Math.min(skip, all.size()), all.size())) samples.add(((Number) o).longValue());
      Collections.sort(samples);
      if (samples.isEmpty()) throw new IllegalStateException(kind + " via " + servedBy + ": no samples");
      System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %s | %.1f | %.1f |%n", kind, servedBy, samples.size(),
          pct(samples, 50), pct(samples, 95), samples.get(samples.size() - 1), kind.equals("MSE") ? end.get("jumps") : "-",
          cpu[0], cpu[1]);
    }
  }

  /** CPU % of one core of each server's JVM over the next {@code seconds}. */
  private static double[] cpu(ServerProcess a, ServerProcess b, int seconds) throws Exception {
    long a0 = ticks(a.pid());
    long b0 = ticks(b.pid());
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    return new double[] {100.0 * (ticks(a.pid()) - a0) / HZ / elapsed, 100.0 * (ticks(b.pid()) - b0) / HZ / elapsed};
  }

  private static long ticks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static long pct(List<Long> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
  }

  /** A viewer that only receives, counting bytes. */
  private record Counting(AtomicLong bytes) implements WebSocket.Listener {
    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      bytes.addAndGet(data.remaining());
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      ws.request(1);
      return null;
    }
  }
}

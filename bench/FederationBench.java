import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Federation benchmark (issue 4), JDK only. Against two running servers of one System, where the
 * camera CAMERA is recorded on LOCAL (its archive is there) and REMOTE holds none of it:
 *  1. playback start latency: GET archive.m3u8 of the last hour, then the first segment (Range
 *     request) until its first byte; 100 times against LOCAL (segment read from its disk) and
 *     100 times against REMOTE (segment proxied from LOCAL); median and p99.
 *  2. proxy throughput: P concurrent players each fetching whole chunks of the playlist in a loop
 *     for a few seconds, through REMOTE (proxied) and from LOCAL (direct); MB/s in all.
 * Usage: java bench/FederationBench.java <localUrl> <remoteUrl> <user> <password> <cameraId>
 */
public class FederationBench {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public static void main(String[] args) throws Exception {
    String local = args[0], remote = args[1], user = args[2], password = args[3], camera = args[4];
    String token = login(local, user, password);
    String hour = playlist(local, camera, token);
    System.out.printf("one-hour playlist: %d segments, %d bytes; %d chunks%n", count(hour, "#EXTINF"), hour.length(),
        count(hour, "#EXT-X-DISCONTINUITY") + 1);
    System.out.println("# playback start: archive.m3u8 of one hour -> first byte of its first segment, 100 requests");
    for (String[] target : new String[][] {{"local ", local}, {"remote", remote}}) {
      for (int i = 0; i < 10; i++) startLatency(target[1], camera, token); // warm up
      List<Double> ms = new ArrayList<>();
      PLAYLIST_MS.clear();
      for (int i = 0; i < 100; i++) ms.add(startLatency(target[1], camera, token));
      Collections.sort(ms);
      Collections.sort(PLAYLIST_MS);
      System.out.printf("%s segment: median %.1f ms, p99 %.1f ms, max %.1f ms (of which the playlist: median %.1f, p99 %.1f)%n",
          target[0], ms.get(49), ms.get(98), ms.get(99), PLAYLIST_MS.get(49), PLAYLIST_MS.get(98));
    }
    System.out.println("# throughput: concurrent players fetching whole chunks for 8 s");
    for (int players : new int[] {1, 4, 16}) {
      for (String[] target : new String[][] {{"direct (local) ", local}, {"proxied (remote)", remote}}) {
        System.out.printf("%s %2d players: %.1f MB/s%n", target[0], players, throughput(target[1], camera, token, players, 8_000));
      }
    }
  }

  static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
    return n;
  }

  static String login(String base, String user, String password) throws Exception {
    String body = "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}";
    var r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/login")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(r.body());
    if (!m.find()) throw new IllegalStateException("login failed: " + r.body());
    return m.group(1);
  }

  static String playlist(String base, String camera, String token) throws Exception {
    long now = System.currentTimeMillis();
    var r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/cameras/" + camera + "/archive.m3u8?from="
        + (now - 3_600_000) + "&to=" + now + "&token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException("playlist: " + r.statusCode() + " " + r.body());
    return r.body();
  }

  static final List<Double> PLAYLIST_MS = new ArrayList<>();
  static final Pattern SEGMENT = Pattern.compile("#EXT-X-BYTERANGE:(\\d+)@(\\d+)\\n(\\S+)");

  static double startLatency(String base, String camera, String token) throws Exception {
    long t0 = System.nanoTime();
    String text = playlist(base, camera, token);
    PLAYLIST_MS.add((System.nanoTime() - t0) / 1e6);
    Matcher m = SEGMENT.matcher(text);
    if (!m.find()) throw new IllegalStateException("empty playlist");
    long len = Long.parseLong(m.group(1)), off = Long.parseLong(m.group(2));
    var r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/cameras/" + camera + "/" + m.group(3)))
        .header("Range", "bytes=" + off + "-" + (off + len - 1)).build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (r.statusCode() != 206 || in.read() < 0) throw new IllegalStateException("segment: " + r.statusCode());
      double ms = (System.nanoTime() - t0) / 1e6;
      in.transferTo(OutputStreamNull.INSTANCE);
      return ms;
    }
  }

  static double throughput(String base, String camera, String token, int players, long millis) throws Exception {
    List<String> urls = new ArrayList<>();
    Matcher m = Pattern.compile("\\n(chunks/\\S+)").matcher(playlist(base, camera, token));
    while (m.find()) if (urls.isEmpty() || !urls.get(urls.size() - 1).equals(m.group(1))) urls.add(m.group(1));
    AtomicLong bytes = new AtomicLong();
    long end = System.currentTimeMillis() + millis;
    List<Thread> threads = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int p = 0; p < players; p++) {
      int first = p;
      Thread t = new Thread(() -> {
        byte[] buf = new byte[64 * 1024];
        for (int i = first; System.currentTimeMillis() < end; i++) {
          try {
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/cameras/" + camera + "/"
                + urls.get(i % urls.size()))).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
              for (int n; (n = in.read(buf)) > 0; ) bytes.addAndGet(n);
            }
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) t.join();
    return bytes.get() / 1e6 / ((System.nanoTime() - t0) / 1e9);
  }

  static final class OutputStreamNull extends java.io.OutputStream {
    static final OutputStreamNull INSTANCE = new OutputStreamNull();
    @Override public void write(int b) {}
    @Override public void write(byte[] b, int o, int l) {}
  }
}

package io.argusvms.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real RTSP camera for tests: {@code scripts/test-camera.py} (GStreamer's RTSP server) on a
 * free port of 127.0.0.1 (or of an address given, in a network namespace). It can be killed,
 * frozen (SIGSTOP), thawed and restarted on the same
 * port, to play a camera that dies, stalls or comes back. Close it in the test's teardown.
 */
public final class TestCamera implements AutoCloseable {

  public static final String USER = "admin";
  public static final String PASSWORD = "s3cret:@/pass";
  private static final String PYTHON = "/usr/bin/python3";
  private static final String PACKAGES = "python3-gi gir1.2-gst-rtsp-server-1.0 "
      + "gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly gstreamer1.0-plugins-bad gstreamer1.0-x";
  private static final long READY_TIMEOUT_S = 15;

  private final String host;
  private final int port;
  private final int streams;
  private final Path log;
  private final List<String> options;
  private Process process;

  private TestCamera(String host, int port, int streams, Path log, List<String> options) {
    this.host = host;
    this.port = port;
    this.streams = streams;
    this.log = log;
    this.options = List.copyOf(options);
  }

  /** Starts a camera with paths /cam0../cam{streams-1}, /secure, /single and (if available) /h265. */
  public static TestCamera start(int streams) {
    return start(streams, List.of());
  }

  /**
   * As {@link #start(int)}, with more options of scripts/test-camera.py for /camN, e.g.
   * {@code List.of("--pattern", "snow", "--bitrate", "8000")} for a camera that fills a disk fast.
   */
  public static TestCamera start(int streams, List<String> options) {
    return start(streams, options, "127.0.0.1");
  }

  /** As {@link #start(int, List)}, listening on {@code host} (an address of this network namespace). */
  public static TestCamera start(int streams, List<String> options, String host) {
    checkGStreamer();
    try {
      Path log = Files.createTempFile("test-camera-", ".log");
      TestCamera camera = new TestCamera(host, FreePorts.find(), streams, log, options);
      camera.launch();
      return camera;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** {@code rtsp://<host>:<port>/cam<i>}, no credentials needed. */
  public String url(int stream) {
    return "rtsp://" + host + ":" + port + "/cam" + stream;
  }

  /** The path behind basic auth ({@link #USER} / {@link #PASSWORD}). */
  public String secureUrl() {
    return "rtsp://" + host + ":" + port + "/secure";
  }

  /** A path that serves one client at a time (a second SETUP gets 453), as many real cameras do. */
  public String singleSessionUrl() {
    return "rtsp://" + host + ":" + port + "/single";
  }

  public String h265Url() {
    return "rtsp://" + host + ":" + port + "/h265";
  }

  /** SIGKILL: the camera vanishes without closing its connections properly. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** SIGSTOP: connections stay open but nothing more arrives (a stalled camera). */
  public void freeze() {
    signal("STOP");
  }

  /** SIGCONT after {@link #freeze()}. */
  public void thaw() {
    signal("CONT");
  }

  /** Starts the camera again on the same port (after {@link #kill()}). */
  public void restart() {
    kill();
    launch();
  }

  @Override
  public void close() {
    if (process != null) {
      thaw(); // a stopped process ignores nothing but SIGKILL; thaw so it can go cleanly
      kill();
    }
  }

  private void launch() {
    Path script = findScript();
    // The port may linger in TIME_WAIT right after a kill: try a few times.
    for (int attempt = 1; ; attempt++) {
      try {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), "--address", host,
            "--port", Integer.toString(port),
            "--streams", Integer.toString(streams), "--user", USER, "--password", PASSWORD));
        cmd.addAll(options);
        process = new ProcessBuilder(cmd)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        if (awaitReady(process)) {
          return;
        }
        process.destroyForcibly();
        process = null;
        if (attempt >= 5) {
          throw new IllegalStateException("test camera did not start on port " + port
              + "; its log: " + readLog());
        }
        Thread.sleep(300);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + script, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static boolean awaitReady(Process p) {
    CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
      try {
        BufferedReader out = new BufferedReader(
            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
          if (line.trim().equals("READY")) {
            return true;
          }
        }
        return false;
      } catch (IOException e) {
        return false;
      }
    });
    try {
      return ready.get(READY_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      return false;
    }
  }

  private void signal(String name) {
    if (process == null) {
      return;
    }
    try {
      new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start()
          .waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String readLog() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Fails with the apt command to run when GStreamer's RTSP server is not installed. */
  private static void checkGStreamer() {
    List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c",
        "import gi; gi.require_version('Gst','1.0'); gi.require_version('GstRtspServer','1.0');"
            + "from gi.repository import Gst, GstRtspServer; Gst.init(None);"
            + "import sys; sys.exit(0 if Gst.ElementFactory.find('x264enc') and "
            + "Gst.ElementFactory.find('rtph264pay') else 3)"));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("GStreamer's RTSP server is missing for the test camera;"
            + " install it with: apt-get install -y " + PACKAGES + " (" + out.trim() + ")");
      }
    } catch (IOException e) {
      throw new IllegalStateException(PYTHON + " not found; install: apt-get install -y " + PACKAGES, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path findScript() {
    Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path script = d.resolve("scripts/test-camera.py");
      if (Files.isRegularFile(script)) {
        return script;
      }
    }
    throw new IllegalStateException("scripts/test-camera.py not found above " + dir);
  }
}

package io.argusvms.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server downed by the others restarts its actor system in the same process; when its cluster
 * port is still held then (in CI: an old actor system whose remoting shutdown hung kept the
 * socket), it starts on a port the system picks (io.argusvms.node.Main). That path must end in one
 * System again: here the port is taken by the test the moment the downed server lets it go, and
 * the server must become healthy, be seen online by every server, and record its camera.
 */
class RestartOnAnotherPortSystemTest {
  @TempDir static Path temp;
  static List<ServerProcess> servers;

  @BeforeAll
  static void startSystem() throws Exception {
    servers = ServerProcess.system(temp, 3, List.of("--no-demo", "--no-discovery"));
    SystemFixture.startAll(servers);
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (servers != null) for (ServerProcess s : servers) s.close();
  }

  @Test
  void aDownedServerWhosePortIsHeldRejoinsFromAnotherPort() throws Exception {
    ApiClient onS1 = SystemFixture.login(servers.get(0));
    Map<String, String> ids = SystemFixture.serverIds(onS1, 3);
    String camera = SystemFixture.addCamera(onS1, "on-s2", "demo://on-s2", ids.get("s2"), "medium");
    SystemFixture.awaitOn(onS1, camera, ids.get("s2"));
    ServerProcess s2 = servers.get(1);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<ServerSocket> taken = new AtomicReference<>();
    Thread grabber = new Thread(() -> grabWhenFree(s2.clusterPort(), stop, taken), "port-grabber");
    grabber.start();
    try {
      s2.freeze(true);
      try {
        Thread.sleep(8_000); // the others down it (stable-after 2 s) and take its camera
      } finally {
        s2.freeze(false);
      }
      s2.awaitLog("starting on another port", Duration.ofSeconds(90));
      long since = System.currentTimeMillis();
      ApiClient onS2 = SystemFixture.loginOnceSettled(s2, Duration.ofSeconds(120));
      for (ServerProcess s : servers) {
        SystemFixture.loginOnceSettled(s, Duration.ofSeconds(120)).await("/api/v1/servers", list -> {
          for (JsonNode x : list) if (!"online".equals(x.path("status").asText())) return false;
          return list.size() == 3;
        }, Duration.ofSeconds(120));
      }
      System.out.printf("restarted on another port: one System again %.1f s after its start there%n",
          (System.currentTimeMillis() - since) / 1e3);
      JsonNode back = SystemFixture.awaitOn(onS2, camera, ids.get("s2"));
      assertEquals("recording", back.path("status").path("state").asText(), back.toString());
      String log = Files.readString(s2.logFile());
      System.out.println("s2's in-process restarts: " + (log.split("restarting and joining", -1).length - 1));
    } finally {
      stop.set(true);
      grabber.join(5_000);
      ServerSocket s = taken.get();
      if (s != null) s.close();
    }
  }

  /** Binds the port as soon as nothing listens on it (bounded: two minutes). */
  private static void grabWhenFree(int port, AtomicBoolean stop, AtomicReference<ServerSocket> taken) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!stop.get() && System.nanoTime() < deadline) {
      try {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(false);
        try {
          s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
          taken.set(s);
          return;
        } catch (java.io.IOException held) {
          s.close();
        }
        Thread.sleep(2);
      } catch (Exception e) {
        return;
      }
    }
  }
}

package io.argusvms.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.argusvms.system.CameraConfig;
import io.argusvms.system.FailoverPriority;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which cameras a server reaches: a TCP connect, except for the streams it receives already. */
class CameraReachabilityTest {

  static CameraConfig camera(String id, int port) {
    return new CameraConfig(id, id, "rtsp://127.0.0.1:" + port + "/s", null, null, "s1", FailoverPriority.MEDIUM, true);
  }

  @Test
  void aReceivedStreamNeedsNoConnectAndTheRestAreProbed() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    AtomicInteger connects = new AtomicInteger();
    try (ServerSocket open = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            open.accept().close();
            connects.incrementAndGet();
          }
        } catch (Exception closed) { }
      });
      acceptor.start();
      int closed;
      try (ServerSocket s = new ServerSocket(0)) {
        closed = s.getLocalPort();
      }
      List<CameraConfig> cams = List.of(camera("up", open.getLocalPort()), camera("down", closed),
          camera("received", open.getLocalPort()), 
          new CameraConfig("demo", "demo", "demo://x", null, null, "s1", FailoverPriority.MEDIUM, true));
      Set<String> reached = CameraReachability.probe(cams, Set.of("received"), 1000, pool);
      assertEquals(Set.of("up", "received", "demo"), reached);
      Thread.sleep(200);
      assertEquals(1, connects.get(), "only the camera not received here is connected to");
    } finally {
      pool.shutdownNow();
    }
  }
}

package io.argusvms.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.system.CameraConfig;
import io.argusvms.system.FailoverPriority;
import io.argusvms.testing.MulticastOnLoopback;
import io.argusvms.testing.OnvifDevice;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * WS-Discovery over real UDP multicast on the loopback interface (routed there for the test, root):
 * a simulated device answers the server's Probe and is listed; an impostor naming another host is
 * not. (Across a real bridge between network namespaces: the system test, not yet.)
 */
class DeviceProbeTest {

  /** Answers Probes on the discovery group like a device: a ProbeMatch to the prober's socket. */
  static final class Responder implements AutoCloseable {
    final MulticastSocket socket;
    final Thread thread;
    volatile boolean running = true;

    Responder(String endpoint, String xaddr) throws Exception {
      socket = new MulticastSocket(WsDiscovery.PORT);
      socket.setSoTimeout(200);
      NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
      socket.joinGroup(new InetSocketAddress(InetAddress.getByName(WsDiscovery.GROUP), WsDiscovery.PORT), lo);
      thread = new Thread(() -> {
        byte[] buf = new byte[65_535];
        while (running) {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          try {
            socket.receive(p);
            Document d = SafeXml.parse(java.util.Arrays.copyOf(p.getData(), p.getLength()));
            String id = SafeXml.text(d, "Envelope", "Header", "MessageID");
            if (SafeXml.find(d, "Envelope", "Body", "Probe") == null || id == null) continue;
            byte[] answer = OnvifDevice.probeMatch(id, endpoint, xaddr, "Lobby");
            socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
          } catch (SocketTimeoutException idle) {
            // look at running again
          } catch (Exception e) {
            if (running) e.printStackTrace();
          }
        }
      }, "onvif-responder");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws Exception {
      running = false;
      thread.join(2000);
      socket.close();
    }
  }

  @Test
  void aDeviceOnTheLanAnswersTheProbeAndAnImpostorIsNotListed() throws Exception {
    try (MulticastOnLoopback multicast = MulticastOnLoopback.enable(WsDiscovery.GROUP);
        Responder device = new Responder("urn:uuid:real", "http://127.0.0.1:8899/onvif/device_service");
        Responder impostor = new Responder("urn:uuid:fake", "http://192.0.2.10/onvif/device_service");
        DeviceProbe probe = new DeviceProbe("127.0.0.1", Duration.ofHours(1), Clock.systemUTC()).start()) {
      assertTrue(probe.running(), "multicast on lo");
      assertTrue(probe.probe());
      long deadline = System.currentTimeMillis() + 5000;
      List<DeviceTable.Device> found = probe.devices();
      while (found.isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
        found = probe.devices();
      }
      Thread.sleep(500); // the impostor's answer has arrived too by now
      found = probe.devices();
      assertEquals(1, found.size(), found.toString());
      assertEquals("urn:uuid:real", found.get(0).endpoint());
      assertEquals("127.0.0.1", found.get(0).address());
      assertEquals("Lobby", found.get(0).name());

      // As the API lists it: added once a camera of the System streams from the device's address.
      List<CameraConfig> cameras = new java.util.ArrayList<>();
      CameraDiscovery discovery = new CameraDiscovery(probe, "s1", () -> cameras, List::of, () -> "", Runnable::run);
      CameraDiscovery.Listed listed = discovery.systemWide().toCompletableFuture().get().get(0);
      assertEquals(List.of("s1"), listed.seenBy());
      assertFalse(listed.added());
      cameras.add(new CameraConfig("c1", "Lobby", "rtsp://127.0.0.1:8554/main", "", "", "s1", FailoverPriority.MEDIUM,
          true));
      assertTrue(discovery.systemWide().toCompletableFuture().get().get(0).added());
      assertEquals(1, discovery.probeNow().toCompletableFuture().get().size(), "a probe on request finds it again");
    }
  }
}

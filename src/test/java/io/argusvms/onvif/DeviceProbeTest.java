package io.argusvms.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.system.CameraConfig;
import io.argusvms.system.FailoverPriority;
import io.argusvms.testing.MulticastOnLoopback;
import io.argusvms.testing.OnvifResponder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * WS-Discovery over real UDP multicast on the loopback interface (routed there for the test, root):
 * a simulated device answers the server's Probe and is listed; an impostor naming another host is
 * not, and garbage, an XML bomb and a 60 KB datagram among the answers change nothing. (Across a
 * real bridge between network namespaces: OnvifDiscoverySystemTest.)
 */
class DeviceProbeTest {

  @Test
  void aDeviceOnTheLanAnswersTheProbeAndAnImpostorIsNotListed() throws Exception {
    try (MulticastOnLoopback multicast = MulticastOnLoopback.enable(WsDiscovery.GROUP);
        OnvifResponder device = new OnvifResponder("127.0.0.1", "127.0.0.1",
            List.of(new OnvifResponder.Match("urn:uuid:real", "http://127.0.0.1:8899/onvif/device_service", "Lobby")),
            OnvifResponder.hostileDatagrams());
        OnvifResponder impostor = new OnvifResponder("127.0.0.1", "127.0.0.1",
            List.of(new OnvifResponder.Match("urn:uuid:fake", "http://192.0.2.10/onvif/device_service", "Lobby")),
            List.of());
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

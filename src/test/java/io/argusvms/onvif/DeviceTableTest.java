package io.argusvms.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.testing.OnvifDevice;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What WS-Discovery answers are believed, as a table of cases. */
class DeviceTableTest {
  static WsDiscovery.Message match(String relatesTo, String endpoint, String xaddrs) {
    return WsDiscovery.parse(OnvifDevice.probeMatch(relatesTo, endpoint, xaddrs, "Lobby")).orElseThrow();
  }

  @Test
  void anAnswerToOurProbeIsListedWithItsNameAnUnsolicitedOneIsNot() {
    DeviceTable t = new DeviceTable(60_000);
    t.probed("uuid:p1");
    assertFalse(t.heard(match("uuid:other", "urn:uuid:a", "http://10.0.0.5/onvif/device_service"), "10.0.0.5", 0));
    assertTrue(t.heard(match("uuid:p1", "urn:uuid:a", "http://10.0.0.5/onvif/device_service"), "10.0.0.5", 0));
    DeviceTable.Device d = t.devices(1000).get(0);
    assertEquals("10.0.0.5", d.address());
    assertEquals("Lobby", d.name());
    assertEquals("Sim-1", d.hardware());
  }

  @Test
  void serviceAddressesOnAnotherHostThanTheSenderAreDropped() {
    DeviceTable t = new DeviceTable(60_000);
    t.probed("uuid:p1");
    // A reply from 10.0.0.6 naming 10.0.0.99 (spoofed, or a device lying about where it is).
    assertFalse(t.heard(match("uuid:p1", "urn:uuid:b", "http://10.0.0.99/onvif/device_service"), "10.0.0.6", 0));
    assertTrue(t.heard(match("uuid:p1", "urn:uuid:c",
        "http://10.0.0.99/onvif/device_service http://10.0.0.7:8080/onvif/device_service"), "10.0.0.7", 0));
    assertEquals(List.of("http://10.0.0.7:8080/onvif/device_service"), t.devices(0).get(0).xaddrs());
    assertEquals(1, t.devices(0).size());
  }

  @Test
  void helloAddsByeRemovesAndSilenceExpires() {
    DeviceTable t = new DeviceTable(60_000);
    WsDiscovery.Message hello = new WsDiscovery.Message(WsDiscovery.Kind.HELLO, "urn:uuid:h",
        List.of("http://10.0.0.8/onvif/device_service"), List.of(), List.of(), null);
    assertTrue(t.heard(hello, "10.0.0.8", 0));
    assertEquals(1, t.devices(59_000).size());
    assertEquals(0, t.devices(61_000).size(), "not heard for the expiry: forgotten");
    t.heard(hello, "10.0.0.8", 100_000);
    assertTrue(t.heard(new WsDiscovery.Message(WsDiscovery.Kind.BYE, "urn:uuid:h", List.of(), List.of(), List.of(), null),
        "10.0.0.8", 100_001));
    assertEquals(0, t.devices(100_002).size());
  }
}

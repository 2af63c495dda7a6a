package io.argusvms.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.system.CameraConfig;
import io.argusvms.system.FailoverPriority;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The System's list: every server's own list merged by device, through the JSON servers exchange. */
class CameraDiscoveryTest {
  static DeviceTable.Device device(String endpoint, String address, long seen) {
    return new DeviceTable.Device(endpoint, address, List.of("http://" + address + "/onvif/device_service"),
        List.of("onvif://www.onvif.org/name/Gate"), "Gate", "Sim-1", seen);
  }

  @Test
  void aDeviceSeenByTwoServersIsOneEntryNamingBothAndAddedWhenACameraStreamsFromIt() throws Exception {
    List<CameraConfig> cameras = List.of(new CameraConfig("c", "Gate", "rtsp://user:pw@10.0.0.9:554/main", "", "", "s1",
        FailoverPriority.MEDIUM, true));
    CameraDiscovery d = new CameraDiscovery(new DeviceProbe("127.0.0.1", Duration.ofMinutes(5), Clock.systemUTC()),
        "s1", () -> cameras, List::of, () -> "", Runnable::run);
    List<CameraDiscovery.Listed> fromPeer = CameraDiscovery.fromJson(CameraDiscovery.toJson(List.of(
        new CameraDiscovery.Listed(device("urn:uuid:a", "10.0.0.9", 2000), List.of("s2"), false),
        new CameraDiscovery.Listed(device("urn:uuid:b", "10.0.0.10", 2000), List.of("s2"), false))));
    List<CameraDiscovery.Listed> merged = d.merge(List.of(
        new CameraDiscovery.Listed(device("urn:uuid:a", "10.0.0.9", 1000), List.of("s1"), false), fromPeer.get(0),
        fromPeer.get(1)));
    assertEquals(2, merged.size());
    CameraDiscovery.Listed a = merged.get(0);
    assertEquals(List.of("s1", "s2"), a.seenBy());
    assertEquals(2000, a.device().lastSeenMs(), "the latest time any server heard it");
    assertTrue(a.added(), "a camera streams from 10.0.0.9");
    assertEquals("Gate", a.device().name());
    assertEquals(List.of("s2"), merged.get(1).seenBy());
    assertFalse(merged.get(1).added());
  }

  @Test
  void whatAServerSendsThatIsNotAListIsIgnored() throws Exception {
    var m = new com.fasterxml.jackson.databind.ObjectMapper();
    assertEquals(0, CameraDiscovery.fromJson(m.readTree("{\"error\":\"x\"}")).size());
    assertEquals(0, CameraDiscovery.fromJson(m.readTree("[{\"endpoint\":\"\"},{\"address\":\"1.2.3.4\"},7]")).size());
  }
}

package io.argusvms.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.onvif.OnvifException.Kind;
import io.argusvms.testing.OnvifDevice;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * Inspecting simulated ONVIF devices over real HTTP: with and without a UsernameToken, a wrong
 * password, a device whose clock is off, and devices that answer garbage, an XML bomb, a huge
 * body, an HTML page or no H.264 profile. Every failure is named; none hangs or crashes.
 */
class OnvifClientTest {
  static final String RTSP = "rtsp://127.0.0.1:8554/cam0";
  final OnvifClient client = new OnvifClient(Clock.systemUTC());

  private DeviceReport inspect(OnvifDevice d, String user, String password) throws OnvifException {
    return client.inspect(URI.create(d.deviceServiceUrl()), user, password);
  }

  @Test
  void aDeviceWithoutAuthenticationListsItsH264ProfilesMainStreamFirst() throws Exception {
    try (OnvifDevice d = new OnvifDevice(null, null, 0, RTSP)) {
      DeviceReport r = inspect(d, "", "");
      assertEquals("Argus Test", r.manufacturer());
      assertEquals("Sim-1", r.model());
      assertEquals("SN-42", r.serial());
      assertEquals(2, r.profiles().size());
      DeviceReport.Profile main = r.profiles().get(0);
      assertEquals("main", main.token());
      assertEquals("H264", main.encoding());
      assertEquals(1920, main.width());
      assertEquals(1080, main.height());
      assertEquals(25.0, main.frameRate());
      assertEquals(RTSP, main.streamUri());
      assertEquals(RTSP + "/sub", r.profiles().get(1).streamUri());
      assertTrue(main.snapshotUri().startsWith("http://127.0.0.1:"), main.snapshotUri());
      assertTrue(Math.abs(r.clockSkewMs()) < 2000, "clocks agree: " + r.clockSkewMs());
    }
  }

  @Test
  void theRightPasswordOpensItTheWrongOneIsNamed() throws Exception {
    try (OnvifDevice d = new OnvifDevice("admin", "pa ss&<word>", 0, RTSP)) {
      assertEquals(2, inspect(d, "admin", "pa ss&<word>").profiles().size());
      OnvifException e = assertThrows(OnvifException.class, () -> inspect(d, "admin", "nope"));
      assertEquals(Kind.UNAUTHORIZED, e.kind());
      assertTrue(e.getMessage().contains("wrong user name or password"), e.getMessage());
      assertEquals(Kind.UNAUTHORIZED, assertThrows(OnvifException.class, () -> inspect(d, "", "")).kind());
    }
  }

  @Test
  void aDeviceWhoseClockIsOffIsStillOpenedAndItsSkewShownAndARefusalThenBlamesTheClock() throws Exception {
    try (OnvifDevice d = new OnvifDevice("admin", "secret", 90_000, RTSP)) {
      DeviceReport r = inspect(d, "admin", "secret");
      assertTrue(Math.abs(r.clockSkewMs() - 90_000) < 2000, "skew " + r.clockSkewMs());
      OnvifException e = assertThrows(OnvifException.class, () -> inspect(d, "admin", "wrong"));
      assertEquals(Kind.CLOCK_SKEW, e.kind());
      assertTrue(e.getMessage().contains("90 s off") || e.getMessage().contains("89 s off")
          || e.getMessage().contains("91 s off"), e.getMessage());
    }
  }

  @Test
  void hostileAnswersAreRefusedWithAReason() throws Exception {
    try (OnvifDevice d = new OnvifDevice(null, null, 0, RTSP)) {
      for (OnvifDevice.Mode m : new OnvifDevice.Mode[] {OnvifDevice.Mode.GARBAGE, OnvifDevice.Mode.XML_BOMB,
          OnvifDevice.Mode.HUGE, OnvifDevice.Mode.HTML}) {
        d.mode(m);
        long t0 = System.nanoTime();
        OnvifException e = assertThrows(OnvifException.class, () -> inspect(d, "", ""), m.toString());
        assertEquals(Kind.NOT_ONVIF, e.kind(), m + ": " + e.getMessage());
        assertNotNull(e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, m + " answered at once");
      }
      d.mode(OnvifDevice.Mode.XML_BOMB);
      assertTrue(assertThrows(OnvifException.class, () -> inspect(d, "", "")).getMessage().contains("DOCTYPE"));
      d.mode(OnvifDevice.Mode.HUGE);
      assertTrue(assertThrows(OnvifException.class, () -> inspect(d, "", "")).getMessage().contains("too large"));
      d.mode(OnvifDevice.Mode.NO_H264);
      assertEquals(Kind.NO_VIDEO_PROFILE, assertThrows(OnvifException.class, () -> inspect(d, "", "")).kind());
    }
  }

  @Test
  void nobodyListeningIsUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    OnvifException e = assertThrows(OnvifException.class,
        () -> client.inspect(URI.create("http://127.0.0.1:" + port + "/onvif/device_service"), "", ""));
    assertEquals(Kind.UNREACHABLE, e.kind());
  }

  @Test
  void aServiceAddressTheDeviceNamesKeepsTheHostArgusReachedItAt() throws Exception {
    URI device = URI.create("http://127.0.0.1:8080/onvif/device_service");
    assertEquals(URI.create("http://127.0.0.1:8080/onvif/media_service"),
        OnvifClient.sameHostAs(device, "http://169.254.169.254/onvif/media_service"));
    assertEquals(Kind.BAD_ANSWER, assertThrows(OnvifException.class, () -> OnvifClient.sameHostAs(device, "::")).kind());
  }
}

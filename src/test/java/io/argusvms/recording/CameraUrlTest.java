package io.argusvms.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CameraUrlTest {

  @Test
  void credentialsArePercentEncodedIntoTheUserinfo() {
    CameraUrl url = CameraUrl.parse("rtsp://10.0.0.5:554/stream1?channel=2");
    assertEquals("rtsp://admin:p%40ss%3Aw%2Frd@10.0.0.5:554/stream1?channel=2",
        url.withCredentials("admin", "p@ss:w/rd"));
    assertEquals("rtsp://10.0.0.5:554/stream1?channel=2", url.withCredentials(null, null));
  }

  @Test
  void redactedFormDropsCredentialsGivenInTheUrl() {
    CameraUrl url = CameraUrl.parse("rtsp://admin:hunter2@cam.local/live");
    assertEquals("rtsp://cam.local/live", url.redacted());
    assertEquals("rtsp://cam.local/live", url.toString());
  }

  @Test
  void demoUrlsAreAccepted() {
    assertEquals(CameraUrl.Kind.DEMO, CameraUrl.parse("demo://lobby").kind());
    assertEquals(CameraUrl.Kind.DEMO, CameraUrl.parse("demo://anything/at/all").kind());
    assertEquals(CameraUrl.Kind.RTSP, CameraUrl.parse("RTSP://Cam/x").kind());
  }

  @Test
  void otherSchemesAndBrokenUrlsAreRejectedWithAReason() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CameraUrl.parse("http://x"))
        .getMessage().contains("unsupported URL scheme 'http'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CameraUrl.parse("/dev/video0"))
        .getMessage().contains("unsupported URL scheme ''"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CameraUrl.parse("rtsp:///path"))
        .getMessage().contains("without a host"));
    assertEquals("not a valid URL",
        assertThrows(IllegalArgumentException.class, () -> CameraUrl.parse("rtsp://a b/")).getMessage());
    assertEquals("no stream URL",
        assertThrows(IllegalArgumentException.class, () -> CameraUrl.parse(" ")).getMessage());
  }

  @Test
  void userinfoIsTakenOutAndDecoded() {
    CameraUrl url = CameraUrl.parse("rtsp://admin:p%40ss:w+rd@10.0.0.1:554/s1");
    assertEquals("rtsp://10.0.0.1:554/s1", url.url());
    assertEquals("admin", url.username());
    assertEquals("p@ss:w+rd", url.password());
    CameraUrl userOnly = CameraUrl.parse("rtsp://user@cam/x");
    assertEquals("rtsp://cam/x", userOnly.url());
    assertEquals("", userOnly.password());
  }

  @Test
  void plainRtspRtspsIpv6AndDemoUrlsPass() {
    assertEquals("rtsp://cam.local/live?ch=1", CameraUrl.parse(" rtsp://cam.local/live?ch=1 ").url());
    assertEquals("rtsp://[::1]:8554/x", CameraUrl.parse("rtsp://[::1]:8554/x").url());
    assertEquals(8554, CameraUrl.parse("rtsp://[::1]:8554/x").port());
    assertEquals(554, CameraUrl.parse("rtsp://cam/x").port());
    assertEquals(322, CameraUrl.parse("rtsps://cam/x").port());
    assertEquals(CameraUrl.Kind.RTSP, CameraUrl.parse("rtsps://cam/x").kind());
    assertEquals("demo://lobby", CameraUrl.parse("demo://lobby").url());
  }

  @Test
  void badUrlsAreRejected() {
    for (String bad : new String[] {"http://cam/x", "rtsp://", "rtsp:///x", "rtsp://cam:0/x", "rtsp://cam:70000/x",
        "rtsp://cam:abc/x", "rtsp://:pw@cam/x", "cam/x", "demo://user:secret@x"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CameraUrl.parse(bad), bad);
      assertTrue(!e.getMessage().contains("secret") && !e.getMessage().contains("pw"), e.getMessage());
    }
  }
}

package io.argusvms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CameraUrlTest {
  @Test
  void userinfoIsTakenOutAndDecoded() {
    assertEquals(new CameraUrl("rtsp://10.0.0.1:554/s1", "admin", "p@ss:w+rd"),
        CameraUrl.parse("url", "rtsp://admin:p%40ss:w+rd@10.0.0.1:554/s1"));
    assertEquals(new CameraUrl("rtsp://cam/x", "user", ""), CameraUrl.parse("url", "rtsp://user@cam/x"));
  }

  @Test
  void plainRtspIpv6AndDemoUrlsPass() {
    assertEquals(new CameraUrl("rtsp://cam.local/live?ch=1", null, null), CameraUrl.parse("url", " rtsp://cam.local/live?ch=1 "));
    assertEquals(new CameraUrl("rtsp://[::1]:8554/x", null, null), CameraUrl.parse("url", "rtsp://[::1]:8554/x"));
    assertEquals(new CameraUrl("demo://lobby", null, null), CameraUrl.parse("url", "demo://lobby"));
  }

  @Test
  void badUrlsAreRejectedNamingTheField() {
    for (String bad : new String[] {"http://cam/x", "rtsp://", "rtsp:///x", "rtsp://cam:0/x", "rtsp://cam:70000/x",
        "rtsp://cam:abc/x", "rtsp://:pw@cam/x", "cam/x"}) {
      ApiException e = assertThrows(ApiException.class, () -> CameraUrl.parse("url", bad), bad);
      assertEquals(400, e.status());
      assertEquals(true, e.getMessage().startsWith("url:"), e.getMessage());
    }
  }
}

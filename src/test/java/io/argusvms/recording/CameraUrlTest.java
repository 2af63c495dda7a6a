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
}

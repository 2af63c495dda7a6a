package io.argusvms.recording;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.junit.jupiter.api.Test;

/** A demo camera's picture size, frame rate and bit rate come from its URL's query. */
class DemoOptionsTest {

  @Test
  void plainDemoUrlKeepsTheDefaultCamera() {
    assertEquals(new DemoOptions(640, 360, 25, 1_000_000), DemoOptions.parse(CameraUrl.parse("demo://lobby").query()));
    assertEquals(DemoOptions.DEFAULT, DemoOptions.parse(CameraUrl.parse("demo://anything/at/all").query()));
  }

  @Test
  void queryParametersSizeTheCamera() {
    assertEquals(new DemoOptions(64, 36, 5, 1_000_000),
        DemoOptions.parse(CameraUrl.parse("demo://load-7?width=64&height=36&fps=5").query()));
    assertEquals(new DemoOptions(640, 360, 2, 20_000),
        DemoOptions.parse(CameraUrl.parse("demo://cam_7?fps=2&bitrate=20000").query()));
  }

  @Test
  void badParametersAreRefusedWithTheirName() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("width=63"))
        .getMessage().contains("even"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("fps=0"))
        .getMessage().contains("fps must be 1..60"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("fps=fast"))
        .getMessage().contains("fps must be a whole number"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("colour=red"))
        .getMessage().contains("unknown parameter 'colour'"));
  }

  @Test
  void tinySlowDemoCameraEncodesWithAKeyframeEverySecond() throws Exception {
    DemoOptions tiny = DemoOptions.parse("width=64&height=36&fps=5&bitrate=20000");
    DemoSource demo = DemoSource.unpaced(tiny);
    try {
      assertEquals(64, demo.video().codecParameters().width());
      assertEquals(36, demo.video().codecParameters().height());
      for (int i = 0; i < 3 * tiny.fps(); i++) {
        AVPacket p = demo.read();
        assertEquals(i % tiny.fps() == 0, (p.flags() & AV_PKT_FLAG_KEY) != 0, "keyframe flag of packet " + i);
        av_packet_unref(p);
      }
    } finally {
      demo.close();
    }
  }

  @Test
  void badDemoUrlIsASourceErrorNotACrash() {
    SourceException e = assertThrows(SourceException.class,
        () -> DemoSource.open(CameraUrl.parse("demo://x?height=5"), () -> true));
    assertTrue(e.getMessage().contains("height must be 16..2160"), e.getMessage());
  }
}

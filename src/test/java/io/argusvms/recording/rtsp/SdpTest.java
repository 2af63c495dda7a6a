package io.argusvms.recording.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SdpTest {
  /** What GStreamer's RTSP server (the test camera) describes, with an audio track added. */
  static final String GSTREAMER = String.join("\r\n",
      "v=0", "o=- 13262371981484871518 1 IN IP4 127.0.0.1", "s=Session streamed with GStreamer", "t=0 0",
      "a=control:*", "a=range:npt=now-",
      "m=audio 0 RTP/AVP 0", "a=rtpmap:0 PCMU/8000", "a=control:stream=1",
      "m=video 0 RTP/AVP 96", "c=IN IP4 0.0.0.0", "a=rtpmap:96 H264/90000",
      "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LADNoFBn58BagwMDUoAAADAAgAAAMBlHihVQ==,aM48gA==;"
          + "profile-level-id=42c00c",
      "a=control:stream=0", "");

  @Test
  void findsTheVideoTrackWithItsCodecClockControlAndParameters() {
    Sdp sdp = Sdp.parse(GSTREAMER);
    assertEquals("*", sdp.sessionControl());
    assertEquals(2, sdp.media().size());
    Sdp.Media v = sdp.firstVideo().orElseThrow();
    assertEquals(96, v.payloadType());
    assertEquals("H264", v.encoding());
    assertEquals(90000, v.clockRate());
    assertEquals("stream=0", v.control());
    assertEquals("1", v.fmtp().get("packetization-mode"));
    assertTrue(v.fmtp().get("sprop-parameter-sets").startsWith("Z0LADNoF"));
  }

  @Test
  void controlUrlsResolveAgainstTheBase() {
    assertEquals("rtsp://c/cam0/stream=0", Sdp.resolve("rtsp://c/cam0/", "stream=0"));
    assertEquals("rtsp://c/cam0/trackID=1", Sdp.resolve("rtsp://c/cam0", "trackID=1"));
    assertEquals("rtsp://c/cam0", Sdp.resolve("rtsp://c/cam0", "*"));
    assertEquals("rtsp://c/cam0", Sdp.resolve("rtsp://c/cam0", null));
    assertEquals("rtsp://other/x", Sdp.resolve("rtsp://c/cam0/", "rtsp://other/x"));
  }

  @Test
  void aDescriptionWithoutVideoHasNone() {
    assertTrue(Sdp.parse("v=0\r\nm=audio 0 RTP/AVP 0\r\n").firstVideo().isEmpty());
    assertTrue(Sdp.parse("not an sdp at all").firstVideo().isEmpty());
  }
}

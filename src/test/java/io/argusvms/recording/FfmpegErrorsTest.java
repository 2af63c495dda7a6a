package io.argusvms.recording;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_SERVER_ERROR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

class FfmpegErrorsTest {
  @Test
  void describeReturnsFfmpegsTextAndNothingOfTheBufferBehindIt() {
    // Leave something recognisable in freed native memory, as an RTSP request would.
    for (int i = 0; i < 50; i++) {
      BytePointer junk = new BytePointer("Authorization: Basic c2VjcmV0OnBhc3N3b3Jk" + "x".repeat(200));
      junk.deallocate();
    }
    String text = FfmpegErrors.describe(AVERROR_HTTP_SERVER_ERROR);
    assertEquals("Server returned 5XX Server Error reply (" + AVERROR_HTTP_SERVER_ERROR + ")", text);
    assertTrue(text.chars().noneMatch(c -> c < 0x20), text);
  }
}

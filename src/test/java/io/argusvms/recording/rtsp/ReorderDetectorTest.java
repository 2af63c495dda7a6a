package io.argusvms.recording.rtsp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReorderDetectorTest {
  static final int FRAME = 3600; // 25 fps at 90 kHz

  @Test
  void bFramesShowWithinAFewFrames() {
    ReorderDetector d = new ReorderDetector(90_000);
    // Sent order I P B B P B B: shown 0 3 1 2 6 4 5
    long[] order = {0, 3, 1, 2, 6, 4, 5, 9, 7, 8};
    boolean found = false;
    for (long f : order) found |= d.reordered(f * FRAME, f == 0);
    assertTrue(found);
  }

  @Test
  void aClockThatStartsAgainOrStepsBackOnceIsNoBFrame() {
    ReorderDetector d = new ReorderDetector(90_000);
    long t = 0;
    for (int i = 0; i < 500; i++) {
      t += FRAME;
      if (i == 100) t -= 2 * FRAME; // one step back: a packet out of order
      if (i == 200) t -= 10 * 90_000; // the encoder restarted: far back
      if (i == 300) t -= FRAME * 3;
      assertFalse(d.reordered(t, i % 25 == 0), "frame " + i);
    }
  }

  @Test
  void aStreamSoughtBackAtKeyframesAgainAndAgainIsNoBFrame() {
    ReorderDetector d = new ReorderDetector(90_000);
    long t = 1_000_000;
    for (int i = 0; i < 100; i++) {
      boolean key = i % 10 == 0;
      t += key && i > 0 ? -20_000 : FRAME; // another client's PLAY sought the shared stream back
      assertFalse(d.reordered(t, key), "frame " + i);
    }
  }
}

package io.argusvms.recording.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtpClockTest {
  /** Each frame received 40 ms after the one before. */
  static List<Long> run(RtpClock c, long... raw) {
    List<Long> out = new ArrayList<>();
    long at = 0;
    for (long r : raw) out.add(c.next(r, at += 40));
    return out;
  }

  @Test
  void aSteadyClockPassesThrough() {
    assertEquals(List.of(1000L, 4600L, 8200L), run(new RtpClock(90_000), 1000, 4600, 8200));
  }

  @Test
  void aJumpBackContinuesOneFrameAfterTheFrameBefore() {
    RtpClock c = new RtpClock(90_000);
    // 25 fps, then the camera's stream was sought back to its start (2.9 s), then on again.
    assertEquals(List.of(900_000L, 903_600L, 907_200L, 910_800L),
        run(c, 900_000, 903_600, 642_000, 645_600));
    assertEquals(1, c.jumps());
  }

  @Test
  void aFrameThatArrivesLateAfterAJumpIsThatMuchLater() {
    RtpClock c = new RtpClock(90_000);
    c.next(900_000, 1_000);
    assertEquals(900_000 + 45_000, c.next(100, 1_500)); // the seek took 500 ms: 45,000 ticks
  }

  @Test
  void aJumpFarForwardIsAJumpToo() {
    RtpClock c = new RtpClock(90_000);
    assertEquals(List.of(0L, 3_000L, 6_600L), run(c, 0, 3_000, 3_000 + 3_600_000)); // 40 ms later
    assertEquals(1, c.jumps());
  }

  @Test
  void aPauseShorterThanTenSecondsIsKept() {
    // A camera that sent nothing for 4 s (a stall the reader survived): time moved on meanwhile.
    assertEquals(List.of(0L, 360_000L), run(new RtpClock(90_000), 0, 360_000));
  }
}

package io.argusvms.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.argusvms.camera.HandoverRule.Verdict;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStatus;
import io.argusvms.system.FailoverPriority;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the old server's recording of a moved camera may stop, as a scenario table. */
class HandoverRuleTest {
  static final CameraConfig CAM = camera("rtsp://10.0.0.1/a", true);

  static CameraConfig camera(String url, boolean recording) {
    return new CameraConfig("c1", "Cam", url, "u", "p", "s1", FailoverPriority.HIGH, recording);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # scenario                                     | config now | state      | server | online | error | elapsed | verdict
      nobody has it yet                              | same       | unplaced   | -      | false  | -     | 1000    | KEEP
      the new server opens the stream                | same       | connecting | s2     | true   | -     | 1000    | KEEP
      the new server wrote its first keyframe        | same       | recording  | s2     | true   | -     | 1000    | TAKEN_OVER
      the new server cannot open the camera          | same       | connecting | s2     | true   | 453   | 1000    | TAKER_FAILED
      a status of a server that is gone              | same       | recording  | s2     | false  | -     | 1000    | KEEP
      our own old status                             | same       | recording  | s1     | true   | -     | 1000    | KEEP
      nobody took over in time                       | same       | unplaced   | -      | false  | -     | 10000   | TIMED_OUT
      taken over at the last moment                  | same       | recording  | s2     | true   | -     | 10000   | TAKEN_OVER
      removed                                        | removed    | recording  | s1     | true   | -     | 1000    | NOT_WANTED
      disabled                                       | disabled   | unplaced   | -      | false  | -     | 1000    | NOT_WANTED
      pointed at another stream                      | other      | unplaced   | -      | false  | -     | 1000    | NOT_WANTED
      renamed only                                   | renamed    | connecting | s2     | true   | -     | 1000    | KEEP
      """)
  void decides(String scenario, String now, String state, String server, boolean online, String error, long elapsed,
      Verdict expected) {
    CameraConfig config = switch (now) {
      case "same" -> CAM;
      case "removed" -> null;
      case "disabled" -> camera(CAM.url(), false);
      case "other" -> camera("rtsp://10.0.0.9/b", true);
      case "renamed" -> new CameraConfig("c1", "New name", CAM.url(), "u", "p", "s2", FailoverPriority.LOW, true);
      default -> throw new IllegalArgumentException(now);
    };
    CameraStatus status = new CameraStatus(state, server, 0, error);
    assertEquals(expected, HandoverRule.decide("s1", CAM, config, status, online, elapsed, 10_000), scenario);
  }
}

package io.argusvms.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.argusvms.system.CameraStatus;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When server B may hold a camera's standby, as a table over the recording server's report. */
class StandbyRuleTest {
  static final String REFUSED = "camera refused the session (RTSP 4xx, e.g. 453: no session left): rtsp://c/s";
  static final String STORAGE = "storage not writable: cannot create the chunk of 1 of camera c";

  @Test
  void theRecordingComesFirst() {
    Object[][] table = {
        // state, reporting server, error, A online, held now, may hold
        {null, null, null, true, false, false},                          // nobody reported yet
        {null, null, null, true, true, true},
        {CameraStatus.CONNECTING, "A", null, true, false, false},        // A is opening it
        {CameraStatus.CONNECTING, "A", null, true, true, true},
        {CameraStatus.RECORDING, "A", null, true, false, true},          // A records: open
        {CameraStatus.CONNECTING, "A", REFUSED, true, true, false},      // A cannot: let go
        {CameraStatus.CONNECTING, "A", REFUSED, true, false, false},
        {CameraStatus.CONNECTING, "A", STORAGE, true, true, true},       // A's disk failed: the move needs us
        {CameraStatus.CONNECTING, "A", STORAGE, true, false, true},
        {CameraStatus.RECORDING, "A", null, false, true, true},          // A died: needed now
        {CameraStatus.CONNECTING, "A", REFUSED, false, true, true},
        {CameraStatus.UNPLACED, null, null, true, true, true},           // moving: keep
        {CameraStatus.UNPLACED, null, null, true, false, false},
        {CameraStatus.RECORDING, "B", null, true, true, true},           // promoted here: the keeper stops asking
        {CameraStatus.RECORDING, "B", null, true, false, false},
    };
    for (Object[] r : table) {
      CameraStatus st = r[0] == null ? null : new CameraStatus((String) r[0], (String) r[1], 1, (String) r[2]);
      Set<String> up = (Boolean) r[3] ? Set.of("A", "B") : Set.of("B");
      assertEquals(r[5], StandbyRule.mayHold(st, "B", up::contains, (Boolean) r[4]), java.util.Arrays.toString(r));
    }
  }
}

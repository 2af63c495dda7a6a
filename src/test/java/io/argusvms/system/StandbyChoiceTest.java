package io.argusvms.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Who wants a standby, and how much standby room a server has: the rules as tables. */
class StandbyChoiceTest {

  private static boolean wants(FailoverPriority p, Boolean standby) {
    return new CameraConfig("c", "C", "demo://c", null, null, "s1", p, true, standby).wantsStandby();
  }

  @Test
  void cameraWantsAStandbyAsSetElseWhenHigh() {
    Object[][] table = {
        // priority, operator's choice, wants a standby
        {FailoverPriority.HIGH, null, true},
        {FailoverPriority.MEDIUM, null, false},
        {FailoverPriority.LOW, null, false},
        {FailoverPriority.NEVER, null, false},
        {FailoverPriority.HIGH, false, false},
        {FailoverPriority.MEDIUM, true, true},
        {FailoverPriority.LOW, true, true},
        {FailoverPriority.NEVER, true, false}, // never fails over: a standby would never be used
    };
    for (Object[] row : table) {
      assertEquals(row[2], wants((FailoverPriority) row[0], (Boolean) row[1]), row[0] + " / " + row[1]);
    }
  }

  @Test
  void aPriorityChangeKeepsTheChoice() {
    CameraConfig off = new CameraConfig("c", "C", "demo://c", null, null, "s1", FailoverPriority.MEDIUM, true, false);
    assertEquals(false, off.withFailoverPriority(FailoverPriority.HIGH).wantsStandby());
  }

  @Test
  void standbyRoomDefaultsToMaxCamerasAndSurvivesAnAddressChange() {
    ServerInfo unset = new ServerInfo("s1", "One", "http://a", "pekko://argus@a:1", true, 40);
    assertEquals(40, unset.standbyRoom());
    ServerInfo set = new ServerInfo("s1", "One", "http://a", "pekko://argus@a:1", true, 40, 3);
    assertEquals(3, set.standbyRoom());
    ServerInfo moved = set.withAddresses("http://b", "pekko://argus@b:2");
    assertEquals(3, moved.standbyRoom());
    assertEquals("http://b", moved.url());
  }
}

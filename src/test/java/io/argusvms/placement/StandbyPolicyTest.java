package io.argusvms.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.placement.PlacementSnapshot.Camera;
import io.argusvms.placement.PlacementSnapshot.Server;
import io.argusvms.system.FailoverPriority;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which server holds which camera's standby, as scenarios. */
class StandbyPolicyTest {
  final Map<String, Server> servers = new LinkedHashMap<>();
  final Map<String, Camera> cameras = new LinkedHashMap<>();
  final Map<String, String> recordedBy = new HashMap<>();

  StandbyPolicyTest server(String id, boolean online, boolean failover, int max) {
    servers.put(id, new Server(id, online, failover, max, true, null));
    return this;
  }

  StandbyPolicyTest camera(String id, String home, FailoverPriority p) {
    cameras.put(id, new Camera(id, home, p));
    return this;
  }

  Map<String, String> assign() {
    return StandbyPolicy.assign(new PlacementSnapshot(servers, cameras), recordedBy);
  }

  @Test
  void aHighCameraGetsAStandbyOnAnotherServerAndMediumAndLowGetNone() {
    server("A", true, true, 10).server("B", true, true, 10);
    camera("h", "A", FailoverPriority.HIGH).camera("m", "A", FailoverPriority.MEDIUM).camera("l", "A", FailoverPriority.LOW);
    assertEquals(Map.of("h", "B"), assign());
  }

  @Test
  void neverOnTheServerThatRecordsIt() {
    server("A", true, true, 10).server("B", true, true, 10);
    camera("h", "A", FailoverPriority.HIGH);
    recordedBy.put("h", "B"); // failed over to B
    assertEquals(Map.of("h", "A"), assign(), "its home, where failback goes");
  }

  @Test
  void keptThroughTheFailoverItIsFor() {
    server("A", true, true, 10).server("B", true, true, 10).server("C", true, true, 10);
    for (int i = 0; i < 20; i++) camera("h" + i, "A", FailoverPriority.HIGH);
    Map<String, String> before = assign();
    servers.put("A", new Server("A", false, true, 10, true, null)); // A dies; its reports still name it
    for (String cam : cameras.keySet()) recordedBy.put(cam, "A");
    assertEquals(before, assign(), "no standby moves when the recording server dies");
  }

  @Test
  void onlyServersThatMayTakeTheCameraHoldItsStandby() {
    server("A", true, true, 10).server("off", false, true, 10).server("nofailover", true, false, 10);
    servers.put("full-disk", new Server("full-disk", true, true, 10, false, null));
    servers.put("blind", new Server("blind", true, true, 10, true, Set.of()));
    camera("h", "A", FailoverPriority.HIGH);
    assertTrue(assign().isEmpty(), "nobody qualifies: " + assign());
    server("B", true, true, 10);
    assertEquals(Map.of("h", "B"), assign());
  }

  @Test
  void theOperatorsChoiceOverridesThePriority() {
    server("A", true, true, 10).server("B", true, true, 10);
    cameras.put("high-off", new Camera("high-off", "A", FailoverPriority.HIGH, null, false));
    cameras.put("medium-on", new Camera("medium-on", "A", FailoverPriority.MEDIUM, null, true));
    cameras.put("low-on", new Camera("low-on", "A", FailoverPriority.LOW, null, true));
    assertEquals(Map.of("medium-on", "B", "low-on", "B"), assign());
  }

  @Test
  void maxStandbysIsTheRoomAndZeroMeansNone() {
    servers.put("A", new Server("A", true, true, 10, true, null, 10));
    servers.put("B", new Server("B", true, true, 10, true, null, 0));
    servers.put("C", new Server("C", true, true, 10, true, null, 1));
    for (int i = 0; i < 4; i++) camera("h" + i, "A", FailoverPriority.HIGH);
    Map<String, String> a = assign();
    assertEquals(Map.of("h0", "C"), a, "C takes the first camera in id order, B none");
  }

  @Test
  void standbyRoomIsMaxCamerasPerServerByDefault() {
    server("A", true, true, 10).server("B", true, true, 2);
    for (int i = 0; i < 5; i++) camera("h" + i, "A", FailoverPriority.HIGH);
    Map<String, String> a = assign();
    assertEquals(2, a.size(), "B holds two; A records them all: " + a);
    assertEquals(Set.of("B"), Set.copyOf(a.values()));
  }

  @Test
  void spreadOverServersAndStableWhenAnUnrelatedServerJoins() {
    server("A", true, true, 100).server("B", true, true, 100).server("C", true, true, 100);
    for (int i = 0; i < 60; i++) camera("h" + i, "A", FailoverPriority.HIGH);
    Map<String, String> before = assign();
    long onB = before.values().stream().filter("B"::equals).count();
    assertTrue(onB > 15 && onB < 45, "spread: " + onB + " of 60 on B");
    server("D", true, true, 100);
    Map<String, String> after = assign();
    long moved = before.keySet().stream().filter(c -> !before.get(c).equals(after.get(c))).count();
    assertTrue(moved > 0 && moved < 30, "only the standbys D takes move: " + moved);
    before.keySet().stream().filter(c -> !before.get(c).equals(after.get(c)))
        .forEach(c -> assertEquals("D", after.get(c)));
    assertFalse(after.containsValue("A"));
    assertNotEquals(before, after);
  }
}

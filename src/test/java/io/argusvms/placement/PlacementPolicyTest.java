package io.argusvms.placement;

import static io.argusvms.system.FailoverPriority.HIGH;
import static io.argusvms.system.FailoverPriority.LOW;
import static io.argusvms.system.FailoverPriority.MEDIUM;
import static io.argusvms.system.FailoverPriority.NEVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.placement.PlacementSnapshot.Camera;
import io.argusvms.placement.PlacementSnapshot.Server;
import io.argusvms.system.FailoverPriority;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The placement rules as scenarios: servers, cameras and who records what -> the decision. */
class PlacementPolicyTest {

  /** A small builder for scenarios. */
  private static final class Scenario {
    final Map<String, Server> servers = new LinkedHashMap<>();
    final Map<String, Camera> cameras = new LinkedHashMap<>();
    final Map<String, List<String>> allocations = new HashMap<>();

    Scenario server(String id, boolean online, boolean failover, int max) {
      servers.put(id, new Server(id, online, failover, max, true, null));
      return this;
    }

    Scenario unwritable(String id) {
      Server s = servers.get(id);
      servers.put(id, new Server(id, s.online(), s.failoverEnabled(), s.maxCameras(), false, s.reachableCameraIds()));
      return this;
    }

    Scenario reaches(String id, String... cameraIds) {
      Server s = servers.get(id);
      servers.put(id, new Server(id, s.online(), s.failoverEnabled(), s.maxCameras(), s.storageWritable(), Set.of(cameraIds)));
      return this;
    }

    Scenario camera(String id, String home, FailoverPriority p) {
      cameras.put(id, new Camera(id, home, p));
      return this;
    }

    Scenario on(String server, String... cameraIds) {
      allocations.computeIfAbsent(server, k -> new ArrayList<>()).addAll(List.of(cameraIds));
      return this;
    }

    Optional<String> allocate(String cameraId) {
      return PlacementPolicy.allocate(cameraId, new PlacementSnapshot(servers, cameras), allocations);
    }

    Set<String> rebalance() {
      return PlacementPolicy.rebalance(new PlacementSnapshot(servers, cameras), allocations, Set.of());
    }
  }

  /**
   * Found by CapacityRebalanceSystemTest: a taken-over camera that gave way to A's own camera was
   * allocated back to A (its room looked free while the own camera waited), moved off again, and so
   * on every 2 s. A server's room is kept for its own waiting cameras.
   */
  @Test
  void aTakenOverCameraThatGaveWayDoesNotGoBackIntoTheRoomKeptForTheOwnCamera() {
    var s = new Scenario().server("A", true, true, 1).server("B", true, true, 4).server("C", false, true, 4)
        .camera("own", "A", LOW).camera("taken", "C", LOW);
    // "taken" was moved off A (rebalance) and "own" waits for A: "taken" goes to B, not back to A.
    assertEquals(Optional.of("B"), s.allocate("taken"));
    assertEquals(Optional.of("A"), s.allocate("own"));
    // With no room elsewhere it waits rather than take A's.
    var full = new Scenario().server("A", true, true, 1).server("B", true, true, 1).server("C", false, true, 4)
        .camera("own", "A", LOW).camera("b1", "B", LOW).camera("taken", "C", LOW).on("B", "b1");
    assertEquals(Optional.empty(), full.allocate("taken"));
  }

  @Test
  void cameraGoesToItsOnlineHome() {
    var s = new Scenario().server("A", true, true, 10).server("B", true, true, 10).camera("c1", "A", MEDIUM);
    assertEquals(Optional.of("A"), s.allocate("c1"));
  }

  /** A camera just added may reach the coordinator before its configuration does: it waits, then starts at home. */
  @Test
  void aCameraNotKnownYetWaitsForItsConfigurationThenIsTakenForRemoved() {
    var s = new Scenario().server("A", true, true, 10).server("B", true, true, 10).on("A", "a1", "a2");
    var snapshot = new PlacementSnapshot(s.servers, s.cameras);
    assertEquals(Optional.empty(), PlacementPolicy.allocate("new", snapshot, s.allocations, 0));
    assertEquals(Optional.empty(),
        PlacementPolicy.allocate("new", snapshot, s.allocations, PlacementPolicy.UNKNOWN_CAMERA_GRACE_MS - 1));
    assertEquals(Optional.of("B"),
        PlacementPolicy.allocate("new", snapshot, s.allocations, PlacementPolicy.UNKNOWN_CAMERA_GRACE_MS),
        "after the grace: removed, placed on the least loaded server so its entity can stop itself");
  }

  @Test
  void cameraFailsOverToLeastLoadedServerWithFailoverEnabled() {
    var s = new Scenario().server("A", false, true, 10).server("B", true, true, 10).server("C", true, true, 10)
        .server("D", true, false, 10)
        .camera("c1", "A", MEDIUM).camera("b1", "B", MEDIUM).on("B", "b1");
    assertEquals(Optional.of("C"), s.allocate("c1"));
  }

  @Test
  void serverWithoutFailoverNeverReceivesOtherServersCameras() {
    var s = new Scenario().server("A", false, true, 10).server("B", true, false, 10).camera("c1", "A", HIGH);
    assertEquals(Optional.empty(), s.allocate("c1"));
  }

  @Test
  void neverCameraStaysUnplacedWhileHomeIsDown() {
    var s = new Scenario().server("A", false, true, 10).server("B", true, true, 10).camera("c1", "A", NEVER);
    assertEquals(Optional.empty(), s.allocate("c1"));
  }

  @Test
  void cameraLimitCountsOwnAndTakenOverCameras() {
    var s = new Scenario().server("A", false, true, 10).server("B", true, true, 2)
        .camera("a1", "A", HIGH).camera("b1", "B", MEDIUM).camera("b2", "B", MEDIUM).on("B", "b1", "b2");
    assertEquals(Optional.empty(), s.allocate("a1"));
  }

  @Test
  void highIsPlacedBeforeMediumWhenRoomIsScarce() {
    var s = new Scenario().server("A", false, true, 10).server("B", true, true, 1)
        .camera("high", "A", HIGH).camera("medium", "A", MEDIUM);
    // The region of the Medium camera happens to ask first: the one free slot is kept for High.
    assertEquals(Optional.empty(), s.allocate("medium"));
    assertEquals(Optional.of("B"), s.allocate("high"));
    s.on("B", "high");
    assertEquals(Optional.empty(), s.allocate("medium"));
  }

  @Test
  void mediumAndLowArePlacedWhenCapacityIsRaised() {
    var s = new Scenario().server("A", false, true, 10).server("B", true, true, 3)
        .camera("high", "A", HIGH).camera("medium", "A", MEDIUM).camera("low", "A", LOW).on("B", "high");
    assertEquals(Optional.of("B"), s.allocate("medium"));
    s.on("B", "medium");
    assertEquals(Optional.of("B"), s.allocate("low"));
  }

  @Test
  void cameraIsPlacedOnlyWhereItIsReachable() {
    var s = new Scenario().server("A", false, true, 10).server("B", true, true, 10).server("C", true, true, 10)
        .reaches("B").reaches("C", "c1").camera("c1", "A", MEDIUM);
    assertEquals(Optional.of("C"), s.allocate("c1"));
    s.reaches("C");
    assertEquals(Optional.empty(), s.allocate("c1"));
  }

  @Test
  void cameraGoesHomeWhenHomeReturns() {
    var s = new Scenario().server("A", true, true, 10).server("B", true, true, 10)
        .camera("a1", "A", MEDIUM).camera("b1", "B", MEDIUM).on("B", "a1", "b1");
    assertEquals(Set.of("a1"), s.rebalance());
  }

  @Test
  void camerasLeaveAServerWhoseStorageFails() {
    var s = new Scenario().server("A", true, true, 10).server("B", true, true, 10).unwritable("A")
        .camera("a1", "A", MEDIUM).on("A", "a1");
    assertEquals(Set.of("a1"), s.rebalance());
    assertEquals(Optional.of("B"), s.allocate("a1"));
  }

  @Test
  void aLoneServerWithFailedStorageKeepsItsCamerasSoTheirStatusSaysWhy() {
    var s = new Scenario().server("A", true, true, 10).unwritable("A").camera("a1", "A", MEDIUM).on("A", "a1");
    assertEquals(Set.of(), s.rebalance());
    assertEquals(Optional.of("A"), new Scenario().server("A", true, true, 10).unwritable("A")
        .camera("a1", "A", MEDIUM).allocate("a1"));
  }

  @Test
  void lowerPriorityTakenOverCameraGivesWayToHigh() {
    var s = new Scenario().server("A", false, true, 10).server("C", false, true, 10).server("B", true, true, 2)
        .camera("b1", "B", MEDIUM).camera("low", "C", LOW).camera("high", "A", HIGH)
        .on("B", "b1", "low");
    assertEquals(Set.of("low"), s.rebalance());
  }

  @Test
  void ownHomeCameraNeverGivesWay() {
    var s = new Scenario().server("A", false, true, 10).server("B", true, true, 2)
        .camera("b1", "B", LOW).camera("b2", "B", LOW).camera("high", "A", HIGH).on("B", "b1", "b2");
    assertEquals(Set.of(), s.rebalance());
  }

  @Test
  void homeCameraThatDoesNotFitAtHomePushesOutATakenOverCamera() {
    var s = new Scenario().server("A", true, true, 1).server("B", true, true, 10)
        .camera("a1", "A", MEDIUM).camera("b1", "B", MEDIUM).on("A", "b1");
    assertTrue(s.rebalance().contains("b1"));
  }

  @Test
  void removedCameraStillGetsAServerSoItsEntityCanStop() {
    var s = new Scenario().server("A", true, true, 10);
    assertEquals(Optional.of("A"), s.allocate("gone"));
  }

  @Test
  void aFailoverGoesToTheCamerasWarmStandbyEvenWhenAnotherServerIsLessLoaded() {
    Scenario s = new Scenario().server("A", false, true, 10).server("B", true, true, 10).server("C", true, true, 10)
        .camera("c1", "A", FailoverPriority.HIGH).camera("b1", "B", FailoverPriority.MEDIUM).on("B", "b1");
    assertEquals(Optional.of("C"), s.allocate("c1"), "without a standby: the least loaded");
    s.cameras.put("c1", new Camera("c1", "A", FailoverPriority.HIGH, "B"));
    assertEquals(Optional.of("B"), s.allocate("c1"), "B records from its buffer");
  }

  @Test
  void aStandbyThatCannotTakeTheCameraIsPassedOver() {
    Scenario s = new Scenario().server("A", false, true, 10).server("B", true, true, 1).server("C", true, true, 10)
        .on("B", "b1").camera("b1", "B", FailoverPriority.MEDIUM);
    s.cameras.put("c1", new Camera("c1", "A", FailoverPriority.HIGH, "B"));
    assertEquals(Optional.of("C"), s.allocate("c1"), "B is full");
    s.unwritable("C");
    s.cameras.put("c1", new Camera("c1", "A", FailoverPriority.HIGH, "C"));
    assertEquals(Optional.empty(), s.allocate("c1"), "C cannot write, B is full");
  }
}

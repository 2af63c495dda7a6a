package io.argusvms.camera;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.placement.PlacementSnapshot;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStatus;
import io.argusvms.system.DataKeys;
import io.argusvms.system.FailoverPriority;
import io.argusvms.system.InMemorySystemStore;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's snapshot is made again only when something placement reads changed: a camera
 * status report (one per camera start during a failover) keeps it, so the strategy keeps its index.
 */
class PlacementSnapshotsTest {

  @Test
  void aStatusReportKeepsTheSnapshotAConfigurationChangeMakesANewOne() throws Exception {
    InMemorySystemStore store = new InMemorySystemStore();
    store.put(DataKeys.CAMERAS, "c1", camera("c1")).toCompletableFuture().get();
    Supplier<PlacementSnapshot> snapshots = CameraSharding.snapshots(store);
    PlacementSnapshot first = snapshots.get();
    assertSame(first, snapshots.get(), "nothing changed");

    store.put(DataKeys.cameraStatus("c1"), "c1", new CameraStatus(CameraStatus.RECORDING, "s1", 1_000, null))
        .toCompletableFuture().get();
    assertSame(first, snapshots.get(), "a status report");

    store.put(DataKeys.CAMERAS, "c2", camera("c2")).toCompletableFuture().get();
    PlacementSnapshot second = snapshots.get();
    assertNotSame(first, second, "a camera added");
    assertTrue(second.cameras().containsKey("c2"));

    store.setUp(Set.of("pekko://argus@127.0.0.1:1"));
    assertNotSame(second, snapshots.get(), "membership changed");
  }

  private static CameraConfig camera(String id) {
    return new CameraConfig(id, id, "demo://" + id, null, null, "s1", FailoverPriority.MEDIUM, true);
  }
}

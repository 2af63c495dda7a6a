package io.argusvms.placement;

import io.argusvms.placement.PlacementSnapshot.Camera;
import io.argusvms.placement.PlacementSnapshot.Server;
import io.argusvms.system.FailoverPriority;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a placement decision needs to know about the current allocation, kept up to date as
 * allocations change instead of recomputed per decision: the load of each server, which cameras
 * are placed, and the waiting (unplaced) cameras counted by home and listed by priority where their
 * home cannot take them. Built once per snapshot in O(cameras); each change is O(1), so a decision
 * ({@link PlacementPolicy#allocate(String, PlacementIndex, long)}) is O(servers), plus the waiting
 * cameras of a higher priority when failover room is short.
 *
 * <p>Not thread-safe: the coordinator uses one from its own actor.
 */
public final class PlacementIndex {
  private final PlacementSnapshot snapshot;
  private final Map<String, Integer> loads = new HashMap<>();
  private final Map<String, Integer> placedCount = new HashMap<>(); // camera -> lists it is in (1 normally)
  private final Map<String, Integer> waitingByHome = new HashMap<>();
  private final Map<FailoverPriority, Map<String, Camera>> waitingHomeless = new EnumMap<>(FailoverPriority.class);

  /** @param allocations cameras per server id, as {@link PlacementPolicy#allocate} takes them */
  public PlacementIndex(PlacementSnapshot snapshot, Map<String, List<String>> allocations) {
    this.snapshot = snapshot;
    for (FailoverPriority p : FailoverPriority.values()) waitingHomeless.put(p, new LinkedHashMap<>());
    allocations.forEach((server, cams) -> {
      loads.put(server, cams.size());
      for (String c : cams) placedCount.merge(c, 1, Integer::sum);
    });
    for (Camera c : snapshot.cameras().values()) if (!placedCount.containsKey(c.id())) waiting(c, true);
  }

  public PlacementSnapshot snapshot() {
    return snapshot;
  }

  /** The camera is recorded by that server from now on (one more in its list). */
  public void placed(String cameraId, String serverId) {
    loads.merge(serverId, 1, Integer::sum);
    if (placedCount.merge(cameraId, 1, Integer::sum) == 1) {
      Camera c = snapshot.cameras().get(cameraId);
      if (c != null) waiting(c, false);
    }
  }

  /** The camera left that server's list. */
  public void removed(String cameraId, String serverId) {
    loads.computeIfPresent(serverId, (s, n) -> n <= 1 ? null : n - 1);
    Integer left = placedCount.computeIfPresent(cameraId, (c, n) -> n <= 1 ? null : n - 1);
    if (left == null) {
      Camera c = snapshot.cameras().get(cameraId);
      if (c != null) waiting(c, true);
    }
  }

  int load(String serverId) {
    return loads.getOrDefault(serverId, 0);
  }

  /** Waiting cameras whose home is this server. */
  int waitingAt(String serverId) {
    return waitingByHome.getOrDefault(serverId, 0);
  }

  /** Waiting cameras of this priority whose home cannot host them (they need a failover). */
  Collection<Camera> waitingHomeless(FailoverPriority p) {
    return waitingHomeless.get(p).values();
  }

  private void waiting(Camera c, boolean waits) {
    waitingByHome.merge(c.homeServerId(), waits ? 1 : -1, (a, b) -> a + b == 0 ? null : a + b);
    Server home = snapshot.servers().get(c.homeServerId());
    if (home != null && home.canHost()) return;
    if (waits) waitingHomeless.get(c.priority()).put(c.id(), c);
    else waitingHomeless.get(c.priority()).remove(c.id());
  }
}

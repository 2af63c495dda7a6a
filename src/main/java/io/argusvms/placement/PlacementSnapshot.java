package io.argusvms.placement;

import io.argusvms.system.FailoverPriority;
import io.argusvms.system.ServerInfo;
import java.util.Map;
import java.util.Set;

/**
 * What placement knows about the System at one moment: pure data, no Pekko.
 *
 * @param servers every configured server by id
 * @param cameras every camera that should be recording, by id
 */
public record PlacementSnapshot(Map<String, Server> servers, Map<String, Camera> cameras) {

  /**
   * @param online up and reachable in the cluster
   * @param storageWritable its archive storage accepts writes
   * @param reachableCameraIds cameras it can connect to; null when it has not reported yet
   *     (then every camera counts as reachable)
   * @param maxStandbys how many standbys it may hold
   */
  public record Server(
      String id, boolean online, boolean failoverEnabled, int maxCameras, boolean storageWritable,
      Set<String> reachableCameraIds, int maxStandbys) {

    /** Standby room as large as its recording room (the default of a server's settings). */
    public Server(String id, boolean online, boolean failoverEnabled, int maxCameras, boolean storageWritable,
        Set<String> reachableCameraIds) {
      this(id, online, failoverEnabled, maxCameras, storageWritable, reachableCameraIds,
          ServerInfo.defaultStandbyRoom(maxCameras));
    }

    boolean canHost() {
      return online && storageWritable;
    }

    boolean reaches(String cameraId) {
      return reachableCameraIds == null || reachableCameraIds.contains(cameraId);
    }
  }

  /**
   * @param warmStandbyServerId the server whose standby of this camera holds a warm buffer, or null:
   *     a failover goes there first (it records from the buffer, so nothing is lost)
   * @param wantsStandby it should have a standby ({@code CameraConfig.wantsStandby})
   */
  public record Camera(
      String id, String homeServerId, FailoverPriority priority, String warmStandbyServerId, boolean wantsStandby) {
    /** A camera with the default standby choice: High cameras have one. */
    public Camera(String id, String homeServerId, FailoverPriority priority, String warmStandbyServerId) {
      this(id, homeServerId, priority, warmStandbyServerId, priority.hasStandbyByDefault());
    }

    public Camera(String id, String homeServerId, FailoverPriority priority) {
      this(id, homeServerId, priority, null);
    }
  }
}

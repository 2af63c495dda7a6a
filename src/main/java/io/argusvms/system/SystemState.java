package io.argusvms.system;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable view of the System database as this server sees it now, plus which servers are
 * up. Readers take it whole from {@link SystemDatabase#state()}; it is replaced on every change.
 *
 * @param upClusterAddresses cluster addresses of members that are Up and reachable
 * @param mergedSystems Systems merged into this one, by System id
 * @param cameraStandby each camera's standby (hot spare) as its standby server reports it, by camera id
 */
public record SystemState(
    Optional<SystemIdentity> identity,
    Optional<SystemSecret> secret,
    Map<String, ServerInfo> servers,
    Map<String, CameraConfig> cameras,
    Map<String, UserRecord> users,
    Map<String, CameraStatus> cameraStatus,
    Map<String, ServerRuntime> serverRuntime,
    Set<String> upClusterAddresses,
    Map<String, MergedSystem> mergedSystems,
    Map<String, CameraStandby> cameraStandby) {

  public static final SystemState EMPTY = new SystemState(Optional.empty(), Optional.empty(), Map.of(), Map.of(),
      Map.of(), BucketedMap.empty(), Map.of(), Set.of(), Map.of(), Map.of());

  public SystemState withIdentity(Optional<SystemIdentity> v) {
    return new SystemState(v, secret, servers, cameras, users, cameraStatus, serverRuntime, upClusterAddresses,
        mergedSystems, cameraStandby);
  }

  public SystemState withSecret(Optional<SystemSecret> v) {
    return new SystemState(identity, v, servers, cameras, users, cameraStatus, serverRuntime,
        upClusterAddresses, mergedSystems, cameraStandby);
  }

  public SystemState withServers(Map<String, ServerInfo> v) {
    return new SystemState(identity, secret, v, cameras, users, cameraStatus, serverRuntime,
        upClusterAddresses, mergedSystems, cameraStandby);
  }

  public SystemState withCameras(Map<String, CameraConfig> v) {
    return new SystemState(identity, secret, servers, v, users, cameraStatus, serverRuntime,
        upClusterAddresses, mergedSystems, cameraStandby);
  }

  public SystemState withUsers(Map<String, UserRecord> v) {
    return new SystemState(identity, secret, servers, cameras, v, cameraStatus, serverRuntime,
        upClusterAddresses, mergedSystems, cameraStandby);
  }

  public SystemState withCameraStatus(Map<String, CameraStatus> v) {
    return new SystemState(identity, secret, servers, cameras, users, v, serverRuntime, upClusterAddresses,
        mergedSystems, cameraStandby);
  }

  public SystemState withServerRuntime(Map<String, ServerRuntime> v) {
    return new SystemState(identity, secret, servers, cameras, users, cameraStatus, v, upClusterAddresses,
        mergedSystems, cameraStandby);
  }

  public SystemState withUpClusterAddresses(Set<String> v) {
    return new SystemState(identity, secret, servers, cameras, users, cameraStatus, serverRuntime, v,
        mergedSystems, cameraStandby);
  }

  public SystemState withMergedSystems(Map<String, MergedSystem> v) {
    return new SystemState(identity, secret, servers, cameras, users, cameraStatus, serverRuntime,
        upClusterAddresses, v, cameraStandby);
  }

  public SystemState withCameraStandby(Map<String, CameraStandby> v) {
    return new SystemState(identity, secret, servers, cameras, users, cameraStatus, serverRuntime, upClusterAddresses,
        mergedSystems, v);
  }

  /**
   * This view with one key of the System database ({@link DataKeys}, by id) replaced by its current
   * entries: the one place that maps keys to fields. A bucket of the camera statuses replaces that
   * bucket only ({@link BucketedMap}). Unknown keys leave the view as it is.
   */
  public SystemState withEntries(String keyId, Map<String, ?> entries) {
    return switch (keyId) {
      case "argus-identity" -> withIdentity(Optional.ofNullable((SystemIdentity) entries.get(DataKeys.SINGLE)));
      case "argus-secret" -> withSecret(Optional.ofNullable((SystemSecret) entries.get(DataKeys.SINGLE)));
      case "argus-servers" -> withServers(cast(entries));
      case "argus-cameras" -> withCameras(cast(entries));
      case "argus-users" -> withUsers(cast(entries));
      case "argus-merged-systems" -> withMergedSystems(cast(entries));
      case "status-servers" -> withServerRuntime(cast(entries));
      case "status-standbys" -> withCameraStandby(cast(entries));
      default -> DataKeys.cameraStatusBucket(keyId)
          .map(n -> withCameraStatus(BucketedMap.of(cameraStatus).withBucket(n, cast(entries))))
          .orElse(this);
    };
  }

  @SuppressWarnings("unchecked")
  private static <V> Map<String, V> cast(Map<String, ?> m) {
    return Map.copyOf((Map<String, V>) m);
  }

  public boolean isOnline(String serverId) {
    ServerInfo s = servers.get(serverId);
    return s != null && upClusterAddresses.contains(s.clusterAddress());
  }

  public Optional<String> serverIdAt(String clusterAddress) {
    return servers.values().stream()
        .filter(s -> s.clusterAddress().equals(clusterAddress))
        .map(ServerInfo::id)
        .findFirst();
  }
}

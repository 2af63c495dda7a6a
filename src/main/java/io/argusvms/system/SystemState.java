package io.argusvms.system;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable view of the System database as this server sees it now, plus which servers are
 * up. Readers take it whole from {@link SystemDatabase#state()}; it is replaced on every change.
 *
 * @param upClusterAddresses cluster addresses of members that are Up and reachable
 */
public record SystemState(
    Optional<SystemIdentity> identity,
    Optional<SystemSecret> secret,
    Map<String, ServerInfo> servers,
    Map<String, CameraConfig> cameras,
    Map<String, UserRecord> users,
    Map<String, CameraStatus> cameraStatus,
    Map<String, ServerRuntime> serverRuntime,
    Set<String> upClusterAddresses) {

  public static final SystemState EMPTY =
      new SystemState(Optional.empty(), Optional.empty(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Set.of());

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

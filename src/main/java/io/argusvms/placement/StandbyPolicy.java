package io.argusvms.placement;

import io.argusvms.placement.PlacementSnapshot.Camera;
import io.argusvms.placement.PlacementSnapshot.Server;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which server holds the standby of which camera. Pure; every server computes the same answer
 * from the same replicated state, so each knows which standbys are its own without asking.
 *
 * <p>Rules: every camera that wants a standby (High ones unless the operator said otherwise) has one
 * when some server qualifies: online, writable, failover enabled, reaching the camera, not the
 * server that records it (or last recorded it, while it is unplaced: a standby is kept through the
 * failover it exists for), with standby room (at most {@code maxStandbys} each). Among those,
 * rendezvous hashing of camera and server picks one, so a server coming or going moves only the
 * standbys it takes or held. Cameras are assigned in id order, so that room runs out the same way
 * everywhere.
 */
public final class StandbyPolicy {
  private StandbyPolicy() {}

  /**
   * @param recordedBy camera id -> the server that records it now, or recorded it last (absent:
   *     its home)
   * @return camera id -> its standby server, for the cameras that get one
   */
  public static Map<String, String> assign(PlacementSnapshot snapshot, Map<String, String> recordedBy) {
    Map<String, Integer> room = new HashMap<>();
    snapshot.servers().values().forEach(s -> room.put(s.id(), s.maxStandbys()));
    Map<String, String> out = new HashMap<>();
    List<Camera> wanting = snapshot.cameras().values().stream()
        .filter(Camera::wantsStandby)
        .sorted(Comparator.comparing(Camera::id))
        .toList();
    for (Camera c : wanting) {
      String recorder = recordedBy.getOrDefault(c.id(), c.homeServerId());
      snapshot.servers().values().stream()
          .filter(s -> s.canHost() && s.failoverEnabled() && s.reaches(c.id()) && !s.id().equals(recorder))
          .filter(s -> room.get(s.id()) > 0)
          .max(Comparator.comparingLong((Server s) -> rendezvous(c.id(), s.id())).thenComparing(Server::id))
          .ifPresent(s -> {
            out.put(c.id(), s.id());
            room.merge(s.id(), -1, Integer::sum);
          });
    }
    return out;
  }

  /** A well-mixed 64-bit weight of the pair (SplitMix64 over both strings' hashes). */
  static long rendezvous(String cameraId, String serverId) {
    long z = ((long) cameraId.hashCode() << 32) ^ (serverId.hashCode() & 0xffffffffL);
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

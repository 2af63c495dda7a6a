package io.argusvms.camera;

import io.argusvms.placement.PlacementSnapshot;
import io.argusvms.placement.StandbyPolicy;
import io.argusvms.recording.Standbys;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStandby;
import io.argusvms.system.DataKeys;
import io.argusvms.system.SystemState;
import io.argusvms.system.SystemStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds this server's share of the System's standbys ({@link StandbyPolicy}): every tick it starts
 * the standbys the policy gives this server, stops those it no longer does, and publishes each
 * one's state (warm, or why it holds no stream) for placement and the API. The standby of a
 * camera whose recording server just died is kept: that is when it is needed. A standby opens only
 * while the camera records elsewhere ({@link StandbyRule}).
 */
public final class StandbyKeeper {
  private static final Logger log = LoggerFactory.getLogger(StandbyKeeper.class);
  static final Duration TICK = Duration.ofSeconds(1);

  private StandbyKeeper() {}

  public enum Tick { INSTANCE }

  public static Behavior<Tick> create(SystemStore db, String serverId, Standbys standbys, boolean enabled) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
      Map<String, CameraStandby> published = new HashMap<>();
      return Behaviors.receiveMessage(t -> {
        tick(db, serverId, standbys, enabled, published);
        return Behaviors.same();
      });
    }));
  }

  /** @param snapshot the round's placement snapshot, null when standbys are off on this server */
  private static String whyNotMine(SystemState s, PlacementSnapshot snapshot, String id, String assignedTo,
      String serverId) {
    if (snapshot == null) return "standbys are off on this server";
    CameraConfig camera = s.cameras().get(id);
    if (camera == null || !camera.recording() || !camera.wantsStandby()) {
      return "the camera wants none now (removed, not recording, or its standby turned off)";
    }
    if (assignedTo == null) {
      PlacementSnapshot.Server self = snapshot.servers().get(serverId);
      if (self == null) return "no server qualifies for it (this one is not in the System database)";
      boolean reaches = self.reachableCameraIds() == null || self.reachableCameraIds().contains(id);
      return "no server qualifies for it (this one: online " + self.online() + ", storage writable "
          + self.storageWritable() + ", failover enabled " + self.failoverEnabled() + ", reaches the camera "
          + reaches + ", standby room " + self.maxStandbys() + ")";
    }
    if (!assignedTo.equals(serverId)) return "it goes to server " + assignedTo;
    return "its recording server's status does not allow one (" + s.cameraStatus().get(id) + ")";
  }

  /** One round; {@code published} is what this server last wrote, by camera id. */
  static void tick(SystemStore db, String serverId, Standbys standbys, boolean enabled,
      Map<String, CameraStandby> published) {
    SystemState s = db.state();
    Set<String> heldBefore = standbys.held().keySet();
    PlacementSnapshot snapshot = enabled ? CameraSharding.snapshot(s) : null; // O(cameras): once a round
    Map<String, String> assigned = snapshot == null ? Map.of()
        : StandbyPolicy.assign(snapshot, CameraSharding.recordedBy(s));
    Set<String> mine = assigned.entrySet().stream()
        .filter(e -> e.getValue().equals(serverId)).map(Map.Entry::getKey)
        .filter(id -> StandbyRule.mayHold(s.cameraStatus().get(id), serverId, s::isOnline,
            heldBefore.contains(id)))
        .collect(Collectors.toSet());
    for (String id : heldBefore) {
      if (mine.contains(id)) continue;
      // Rare, and the one event that explains a camera left without a standby: say why.
      log.info("camera {}: releasing its standby: {}", id, whyNotMine(s, snapshot, id, assigned.get(id), serverId));
      standbys.release(id);
    }
    for (String id : mine) {
      CameraConfig c = s.cameras().get(id);
      if (c != null) standbys.hold(c);
    }
    Map<String, Standbys.Held> held = standbys.held(); // after this round's releases and holds
    long now = System.currentTimeMillis();
    for (String id : mine) {
      Standbys.Held h = held.get(id);
      if (h == null) continue; // recorded here already, or just handed over: not a standby now
      CameraStandby last = published.get(id);
      if (last != null && last.warm() == h.warm() && Objects.equals(last.error(), h.error())) continue;
      CameraStandby next = new CameraStandby(serverId, h.warm(), h.error(), now);
      published.put(id, next);
      db.put(DataKeys.CAMERA_STANDBY, id, next);
    }
    for (String id : Set.copyOf(published.keySet())) {
      if (mine.contains(id) && held.containsKey(id)) continue;
      published.remove(id);
      CameraStandby current = s.cameraStandby().get(id);
      if (current != null && serverId.equals(current.serverId())) db.remove(DataKeys.CAMERA_STANDBY, id);
    }
  }
}

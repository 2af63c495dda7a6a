package io.argusvms.camera;

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

/**
 * Holds this server's share of the System's standbys ({@link StandbyPolicy}): every tick it starts
 * the standbys the policy gives this server, stops those it no longer does, and publishes each
 * one's state (warm, or why it holds no stream) for placement and the API. The standby of a
 * camera whose recording server just died is kept: that is when it is needed. A standby opens only
 * while the camera records elsewhere ({@link StandbyRule}).
 */
public final class StandbyKeeper {
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

  /** One round; {@code published} is what this server last wrote, by camera id. */
  static void tick(SystemStore db, String serverId, Standbys standbys, boolean enabled,
      Map<String, CameraStandby> published) {
    SystemState s = db.state();
    Set<String> heldBefore = standbys.held().keySet();
    Set<String> mine = !enabled ? Set.of()
        : StandbyPolicy.assign(CameraSharding.snapshot(s), CameraSharding.recordedBy(s)).entrySet().stream()
            .filter(e -> e.getValue().equals(serverId)).map(Map.Entry::getKey)
            .filter(id -> StandbyRule.mayHold(s.cameraStatus().get(id), serverId, s::isOnline,
                heldBefore.contains(id)))
            .collect(Collectors.toSet());
    for (String id : heldBefore) {
      if (!mine.contains(id)) standbys.release(id);
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

package io.argusvms.camera;

import io.argusvms.placement.CameraAllocationStrategy;
import io.argusvms.placement.PlacementSnapshot;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStandby;
import io.argusvms.system.JournalReplicator;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.ServerRuntime;
import io.argusvms.system.SystemState;
import io.argusvms.system.SystemStore;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

/** Starts the camera entities' sharding on this server with our allocation strategy. */
public final class CameraSharding {
  private CameraSharding() {}

  public static ActorRef<ShardingEnvelope<CameraEntity.Command>> init(ActorSystem<?> system, CameraEntity.Deps deps) {
    SystemStore db = deps.db();
    Cluster cluster = Cluster.get(Adapter.toClassic(system));
    CameraAllocationStrategy strategy =
        new CameraAllocationStrategy(snapshots(db), address -> db.state().serverIdAt(address), cluster);
    // The coordinator may run on any server; each must hold its share of the journal's majority.
    JournalReplicator.startIfUsed(Adapter.toClassic(system));
    return ClusterSharding.get(system).init(
        Entity.of(CameraEntity.TYPE_KEY, ec -> CameraEntity.create(ec.getEntityId(), deps))
            .withAllocationStrategy(strategy)
            .withMessageExtractor(new OneShardPerCamera()));
  }

  /**
   * The placement snapshot of the System database's current state, made again only when a part
   * it is made of changed (the database replaces a part's map object on every change of it): the
   * strategy keeps its index while the snapshot is the same object, and making one is O(cameras).
   * Camera status reports, which come at every camera start during a failover, are not such a part.
   */
  static Supplier<PlacementSnapshot> snapshots(SystemStore db) {
    AtomicReference<Object[]> last = new AtomicReference<>(); // the parts, then the snapshot made of them
    return () -> {
      SystemState s = db.state();
      Object[] parts = {s.servers(), s.cameras(), s.serverRuntime(), s.upClusterAddresses(), s.cameraStandby()};
      Object[] known = last.get();
      if (known != null && sameParts(known, parts)) return (PlacementSnapshot) known[parts.length];
      PlacementSnapshot made = snapshot(s);
      Object[] entry = Arrays.copyOf(parts, parts.length + 1);
      entry[parts.length] = made;
      last.set(entry);
      return made;
    };
  }

  private static boolean sameParts(Object[] known, Object[] parts) {
    for (int i = 0; i < parts.length; i++) if (known[i] != parts[i]) return false;
    return true;
  }

  /** What placement needs from the System database: enabled cameras and every server's state. */
  static PlacementSnapshot snapshot(SystemState s) {
    Map<String, PlacementSnapshot.Server> servers = new HashMap<>();
    for (ServerInfo info : s.servers().values()) {
      ServerRuntime rt = s.serverRuntime().get(info.id());
      boolean writable = rt == null || rt.storage().writable();
      servers.put(info.id(), new PlacementSnapshot.Server(info.id(), s.isOnline(info.id()), info.failoverEnabled(),
          info.maxCameras(), writable, rt == null ? null : rt.reachableCameraIds(), info.standbyRoom()));
    }
    Map<String, PlacementSnapshot.Camera> cameras = new HashMap<>();
    for (CameraConfig c : s.cameras().values()) {
      if (!c.recording()) continue;
      CameraStandby standby = s.cameraStandby().get(c.id());
      String warm = standby != null && standby.warm() && s.isOnline(standby.serverId()) ? standby.serverId() : null;
      cameras.put(c.id(), new PlacementSnapshot.Camera(c.id(), c.homeServerId(), c.failoverPriority(), warm,
          c.wantsStandby()));
    }
    return new PlacementSnapshot(servers, cameras);
  }

  /**
   * Camera id -> the server that records it now or reported it last (a server killed with -9
   * keeps its report): the server a standby must not be on.
   */
  static Map<String, String> recordedBy(SystemState s) {
    Map<String, String> out = new HashMap<>();
    s.cameraStatus().forEach((id, st) -> {
      if (st.serverId() != null) out.put(id, st.serverId());
    });
    return out;
  }
}

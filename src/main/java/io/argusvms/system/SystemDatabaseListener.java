package io.argusvms.system;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Keeps {@link SystemDatabase}'s snapshot current: subscribes to every key of the System database
 * and to cluster membership (which servers are up and reachable).
 */
public final class SystemDatabaseListener {
  private SystemDatabaseListener() {}

  private enum RefreshMembers { INSTANCE }

  public static Behavior<Object> create(SystemDatabase db) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      // The cluster's read view is updated after its events are published, so an event may come
      // before the view shows it: read the view again shortly after every event, and regularly.
      timers.startTimerWithFixedDelay(RefreshMembers.INSTANCE, Duration.ofMillis(500));
      subscribe(ctx, db, DataKeys.IDENTITY);
      subscribe(ctx, db, DataKeys.SECRET);
      subscribe(ctx, db, DataKeys.SERVERS);
      subscribe(ctx, db, DataKeys.CAMERAS);
      subscribe(ctx, db, DataKeys.USERS);
      subscribe(ctx, db, DataKeys.MERGED_SYSTEMS);
      subscribe(ctx, db, DataKeys.CAMERA_STATUS);
      subscribe(ctx, db, DataKeys.SERVER_RUNTIME);
      Cluster cluster = Cluster.get(ctx.getSystem());
      cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.ClusterDomainEvent.class));
      return Behaviors.receive(Object.class)
          .onMessage(Replicator.Changed.class, changed -> {
            apply(db, changed);
            return Behaviors.same();
          })
          .onMessage(ClusterEvent.ClusterDomainEvent.class, e -> {
            refresh(db, cluster);
            timers.startSingleTimer("after-event", RefreshMembers.INSTANCE, Duration.ofMillis(100));
            return Behaviors.same();
          })
          .onMessageEquals(RefreshMembers.INSTANCE, () -> {
            refresh(db, cluster);
            return Behaviors.same();
          })
          .build();
    }));
  }

  private static void refresh(SystemDatabase db, Cluster cluster) {
    Set<String> up = upAddresses(cluster);
    if (!up.equals(db.state().upClusterAddresses())) db.replace(s -> s.withUpClusterAddresses(up));
  }

  private static <V> void subscribe(
      org.apache.pekko.actor.typed.javadsl.ActorContext<Object> ctx, SystemDatabase db, Key<LWWMap<String, V>> key) {
    db.replicator().tell(new Replicator.Subscribe<>(key, ctx.getSelf().narrow()));
  }

  private static Set<String> upAddresses(Cluster cluster) {
    Set<String> up = new HashSet<>();
    Set<Member> unreachable = new HashSet<>();
    cluster.state().getUnreachable().forEach(unreachable::add);
    for (Member m : cluster.state().getMembers()) {
      if ((m.status() == MemberStatus.up() || m.status() == MemberStatus.weaklyUp()) && !unreachable.contains(m)) {
        up.add(m.address().toString());
      }
    }
    return Set.copyOf(up);
  }

  @SuppressWarnings("unchecked")
  private static void apply(SystemDatabase db, Replicator.Changed<?> changed) {
    apply(db, changed.key().id(), (LWWMap<String, ?>) changed.dataValue());
  }

  /** Puts one key's current value into the snapshot (also used for a server's own writes). */
  @SuppressWarnings("unchecked")
  static void apply(SystemDatabase db, String id, LWWMap<String, ?> value) {
    Map<String, Object> entries = new HashMap<>(((LWWMap<String, Object>) value).getEntries());
    db.replace(s -> switch (id) {
      case "argus-identity" -> s.withIdentity(Optional.ofNullable((SystemIdentity) entries.get(DataKeys.SINGLE)));
      case "argus-secret" -> s.withSecret(Optional.ofNullable((SystemSecret) entries.get(DataKeys.SINGLE)));
      case "argus-servers" -> s.withServers(cast(entries));
      case "argus-cameras" -> s.withCameras(cast(entries));
      case "argus-users" -> s.withUsers(cast(entries));
      case "argus-merged-systems" -> s.withMergedSystems(cast(entries));
      case "status-cameras" -> s.withCameraStatus(cast(entries));
      case "status-servers" -> s.withServerRuntime(cast(entries));
      default -> s;
    });
  }

  @SuppressWarnings("unchecked")
  private static <V> Map<String, V> cast(Map<String, Object> m) {
    return Map.copyOf((Map<String, V>) (Map<String, ?>) m);
  }
}

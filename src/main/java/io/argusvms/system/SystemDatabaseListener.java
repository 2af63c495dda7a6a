package io.argusvms.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
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
public final class SystemDatabaseListener extends AbstractBehavior<SystemDatabaseListener.Command> {
  private static final Duration REFRESH = Duration.ofMillis(500);
  private static final Duration AFTER_EVENT = Duration.ofMillis(100);

  public sealed interface Command {}

  private enum RefreshMembers implements Command { INSTANCE }

  /** A key of the System database changed (from the replicator). */
  private record KeyChanged(Replicator.SubscribeResponse<?> response) implements Command {}

  /** Cluster membership changed; the read view may lag the event, so read it again shortly after. */
  private record MembersChanged(ClusterEvent.ClusterDomainEvent event) implements Command {}

  public static Behavior<Command> create(SystemDatabase db) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      // The cluster's read view is updated after its events are published, so an event may come
      // before the view shows it: read the view again shortly after every event, and regularly.
      timers.startTimerWithFixedDelay(RefreshMembers.INSTANCE, REFRESH);
      return new SystemDatabaseListener(ctx, db, timers);
    }));
  }

  private final SystemDatabase db;
  private final TimerScheduler<Command> timers;
  private final Cluster cluster;

  private SystemDatabaseListener(ActorContext<Command> ctx, SystemDatabase db, TimerScheduler<Command> timers) {
    super(ctx);
    this.db = db;
    this.timers = timers;
    this.cluster = Cluster.get(ctx.getSystem());
    ActorRef<Replicator.SubscribeResponse<LWWMap<String, Object>>> changes = ctx.messageAdapter(
        responseClass(), KeyChanged::new);
    List<Key<? extends LWWMap<String, ?>>> keys = new ArrayList<>(List.of(DataKeys.IDENTITY, DataKeys.SECRET,
        DataKeys.SERVERS, DataKeys.CAMERAS, DataKeys.USERS, DataKeys.MERGED_SYSTEMS, DataKeys.SERVER_RUNTIME,
        DataKeys.CAMERA_STANDBY));
    keys.addAll(DataKeys.CAMERA_STATUS_BUCKETS);
    for (Key<? extends LWWMap<String, ?>> key : keys) subscribe(db, key, changes);
    ActorRef<ClusterEvent.ClusterDomainEvent> members = ctx.messageAdapter(ClusterEvent.ClusterDomainEvent.class,
        MembersChanged::new);
    cluster.subscriptions().tell(Subscribe.create(members, ClusterEvent.ClusterDomainEvent.class));
  }

  @SuppressWarnings("unchecked")
  private static Class<Replicator.SubscribeResponse<LWWMap<String, Object>>> responseClass() {
    return (Class<Replicator.SubscribeResponse<LWWMap<String, Object>>>) (Class<?>) Replicator.SubscribeResponse.class;
  }

  @SuppressWarnings("unchecked")
  private static void subscribe(SystemDatabase db, Key<? extends LWWMap<String, ?>> key,
      ActorRef<Replicator.SubscribeResponse<LWWMap<String, Object>>> to) {
    db.replicator().tell(new Replicator.Subscribe<>((Key<LWWMap<String, Object>>) key, to));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(KeyChanged.class, this::onKeyChanged)
        .onMessage(MembersChanged.class, m -> onMembersChanged())
        .onMessage(RefreshMembers.class, m -> refresh())
        .build();
  }

  @SuppressWarnings("unchecked") // every key this actor subscribes to is an LWWMap<String, ?>
  private Behavior<Command> onKeyChanged(KeyChanged m) {
    if (m.response() instanceof Replicator.Changed<?> changed) {
      apply(db, changed.key().id(), (LWWMap<String, ?>) changed.dataValue());
    }
    return this;
  }

  private Behavior<Command> onMembersChanged() {
    refresh();
    timers.startSingleTimer("after-event", RefreshMembers.INSTANCE, AFTER_EVENT);
    return this;
  }

  private Behavior<Command> refresh() {
    Set<String> up = upAddresses(cluster);
    if (!up.equals(db.state().upClusterAddresses())) db.replace(s -> s.withUpClusterAddresses(up));
    return this;
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

  /** Puts one key's current value into the snapshot (also used for a server's own writes). */
  static void apply(SystemDatabase db, String id, LWWMap<String, ?> value) {
    Map<String, ?> entries = new HashMap<>(value.getEntries());
    db.replace(s -> s.withEntries(id, entries));
  }
}

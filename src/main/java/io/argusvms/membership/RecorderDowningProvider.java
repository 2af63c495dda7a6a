package io.argusvms.membership;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.AbstractActorWithTimers;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.DowningProvider;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import scala.Option;
import scala.concurrent.duration.FiniteDuration;

/**
 * Downing for a recorder: availability first. Every side of a split downs the servers it cannot
 * reach once reachability has been stable for {@code argus.cluster.stable-after}, so either server
 * of a pair survives the other's death (Pekko's keep-majority and keep-oldest both make one of a
 * pair down itself). A real partition then leaves two clusters that both record, which costs some
 * disk. When the network heals the servers quarantine each other; a server that learns it was
 * downed or quarantined restarts its actor system and rejoins (see {@link QuarantineWatcher} and
 * {@link Main}).
 */
public final class RecorderDowningProvider extends DowningProvider {
  private final ActorSystem system;

  public RecorderDowningProvider(ActorSystem system) {
    this.system = system;
  }

  @Override
  public FiniteDuration downRemovalMargin() {
    return FiniteDuration.Zero(); // cameras move as soon as the server is removed
  }

  @Override
  public Option<Props> downingActorProps() {
    Duration stableAfter = system.settings().config().getDuration("argus.cluster.stable-after");
    return Option.apply(Props.create(Downer.class, () -> new Downer(stableAfter)));
  }

  /** Watches reachability; the lowest-address reachable member of a side takes the decision. */
  static final class Downer extends AbstractActorWithTimers {
    private final Cluster cluster = Cluster.get(getContext().getSystem());
    private final Duration stableAfter;
    private long changedAtNanos = System.nanoTime();

    Downer(Duration stableAfter) {
      this.stableAfter = stableAfter;
    }

    @Override
    public void preStart() {
      cluster.subscribe(getSelf(), ClusterEvent.initialStateAsEvents(),
          ClusterEvent.ReachabilityEvent.class, ClusterEvent.MemberEvent.class);
      getTimers().startTimerWithFixedDelay("tick", "tick", Duration.ofMillis(250));
    }

    @Override
    public void postStop() {
      cluster.unsubscribe(getSelf());
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(ClusterEvent.ReachabilityEvent.class, e -> changedAtNanos = System.nanoTime())
          .match(ClusterEvent.MemberEvent.class, e -> changedAtNanos = System.nanoTime())
          .matchEquals("tick", t -> decide())
          .build();
    }

    private void decide() {
      if (System.nanoTime() - changedAtNanos < stableAfter.toNanos()) return;
      Set<Member> unreachable = cluster.state().getUnreachable();
      if (unreachable.isEmpty()) return;
      Set<Address> reachable = new HashSet<>();
      for (Member m : cluster.state().getMembers()) {
        if (!unreachable.contains(m) && m.status() != MemberStatus.down()) reachable.add(m.address());
      }
      if (!DowningDecision.isDecider(cluster.selfAddress(), reachable)) return;
      for (Member m : unreachable) {
        if (m.status() != MemberStatus.down()) {
          getContext().getSystem().log().warning("server at {} unreachable for {} ms: downing it so its cameras move",
              m.address(), stableAfter.toMillis());
          cluster.down(m.address());
        }
      }
      changedAtNanos = System.nanoTime();
    }
  }
}

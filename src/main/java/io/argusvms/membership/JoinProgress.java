package io.argusvms.membership;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Says, every {@link #EVERY} while this server is not up and reachable in its cluster (what
 * {@link Readiness} asks), what the cluster looks like from here: its own status, every member's,
 * the unreachable ones and its seeds. A server that does not get in, or that some member cannot
 * reach, has otherwise no word for why (health only says "not up in its cluster yet"), and a CI
 * run that fails so shows the last lines of the server's log. Silent while all is well.
 */
final class JoinProgress {
  static final Duration EVERY = Duration.ofSeconds(15);

  private JoinProgress() {}

  private enum Check { INSTANCE }

  static Behavior<Object> create(List<String> seeds) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Check.INSTANCE, EVERY);
      long startedAt = System.nanoTime();
      return Behaviors.receiveMessage(m -> {
        ClusterEvent.CurrentClusterState state = Cluster.get(ctx.getSystem()).state();
        Member self = Cluster.get(ctx.getSystem()).selfMember();
        boolean up = self.status() == MemberStatus.up() || self.status() == MemberStatus.weaklyUp();
        boolean reachable = StreamSupport.stream(state.getUnreachable().spliterator(), false).noneMatch(self::equals);
        if (up && reachable) return Behaviors.same();
        ctx.getLog().warn("not up and reachable in the cluster {} s after start: this server ({}) is {}{}; members {}; unreachable {}; "
                + "leader {}; seeds {}",
            Duration.ofNanos(System.nanoTime() - startedAt).toSeconds(), self.address(), self.status(),
            reachable ? "" : " and unreachable from a member",
            describe(state.getMembers()), describe(state.getUnreachable()), state.getLeader(), seeds);
        return Behaviors.same();
      });
    })).narrow();
  }

  private static String describe(Iterable<Member> members) {
    return StreamSupport.stream(members.spliterator(), false)
        .map(m -> m.address().hostPort() + " " + m.status())
        .collect(Collectors.joining(", ", "[", "]"));
  }
}

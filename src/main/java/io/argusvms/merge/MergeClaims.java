package io.argusvms.merge;

import io.argusvms.system.MergeClaim;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * The rule that lets only one merge run per System, whichever server it was started on. A server
 * writes its claim to a majority, then reads the claims back from a majority: two servers that
 * both did so cannot both miss each other's claim (the majorities overlap). It goes ahead only
 * when it sees no other active claim; it gives way at once to an earlier claim, and waits a
 * little for a later one to give way to it.
 */
public final class MergeClaims {
  public enum Decision { PROCEED, YIELD, WAIT }

  private MergeClaims() {}

  public static Decision decide(MergeClaim mine, Collection<MergeClaim> seen, long nowMs) {
    boolean others = false;
    for (MergeClaim c : seen) {
      if (c.serverId().equals(mine.serverId()) || !c.activeAt(nowMs)) continue;
      if (c.before(mine)) return Decision.YIELD;
      others = true;
    }
    return others ? Decision.WAIT : Decision.PROCEED;
  }

  /** The earliest active claim of a server other than {@code self}, if any. */
  public static Optional<MergeClaim> running(Collection<MergeClaim> seen, String self, long nowMs) {
    return seen.stream().filter(c -> !c.serverId().equals(self) && c.activeAt(nowMs))
        .min(Comparator.comparingLong(MergeClaim::claimedAtMs).thenComparing(MergeClaim::serverId));
  }
}

package io.argusvms.membership;

import java.util.Comparator;
import java.util.Set;
import org.apache.pekko.actor.Address;

/** Which member of a side issues the downs: one per side, the same one on every member's view. */
final class DowningDecision {
  private DowningDecision() {}

  static final Comparator<Address> ADDRESS_ORDER =
      Comparator.comparing((Address a) -> a.host().getOrElse(() -> ""))
          .thenComparing(a -> (Integer) a.port().getOrElse(() -> 0));

  static boolean isDecider(Address self, Set<Address> reachable) {
    return reachable.stream().min(ADDRESS_ORDER).map(self::equals).orElse(false);
  }
}

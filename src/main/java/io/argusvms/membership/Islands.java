package io.argusvms.membership;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Pure rules for servers of one System that ended up in two clusters (a restarted first seed that
 * formed a cluster of its own, a healed partition): which side gives way and joins the other.
 */
final class Islands {
  private Islands() {}

  /** The cluster a server reports: its member count and its lowest member (host:port). */
  record Side(int members, String lowestMember) {}

  /** "pekko://argus@127.0.0.1:7002" -> "127.0.0.1:7002". */
  static String hostPort(String clusterAddress) {
    int at = clusterAddress.indexOf('@');
    return at < 0 ? clusterAddress : clusterAddress.substring(at + 1);
  }

  static Optional<String> lowest(Collection<String> clusterAddresses) {
    return clusterAddresses.stream().map(Islands::hostPort).min(HOST_PORT_ORDER);
  }

  /** The smaller cluster gives way; of two equal ones, the one whose lowest member is higher. */
  static boolean shouldJoin(Side mine, Side theirs) {
    if (theirs.lowestMember().equals(mine.lowestMember())) return false; // the same cluster
    if (theirs.members() != mine.members()) return theirs.members() > mine.members();
    return HOST_PORT_ORDER.compare(theirs.lowestMember(), mine.lowestMember()) < 0;
  }

  static final Comparator<String> HOST_PORT_ORDER = Comparator
      .comparing((String hp) -> hp.substring(0, Math.max(0, hp.lastIndexOf(':'))))
      .thenComparingInt(hp -> {
        try {
          return Integer.parseInt(hp.substring(hp.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
          return 0;
        }
      });
}

package io.argusvms.system;


/**
 * A server's claim to run a merge of its System (see the merge package's MergeLock).
 * Kept in memory only and with an expiry, so a server that dies mid-merge blocks others for a
 * few minutes at most.
 */
public record MergeClaim(String serverId, long claimedAtMs, long expiresAtMs) implements CborSerializable {
  /** Claims are ordered by time, then server id: the earlier claim wins a tie. */
  public boolean before(MergeClaim other) {
    return claimedAtMs != other.claimedAtMs ? claimedAtMs < other.claimedAtMs : serverId.compareTo(other.serverId) < 0;
  }

  public boolean activeAt(long nowMs) {
    return expiresAtMs > nowMs;
  }
}

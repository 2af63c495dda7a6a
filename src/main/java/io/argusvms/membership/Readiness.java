package io.argusvms.membership;

import io.argusvms.system.ServerInfo;
import io.argusvms.system.SystemState;
import java.util.Optional;

/**
 * When a server may say it is ready ({@code GET /api/v1/health} 200 "ok", and the API answers):
 * it holds the System's database (identity, token secret, at least one user) and is registered in
 * it at its current cluster address, up in its cluster. The archive is opened before the actor
 * system starts, so it is open by then. Until then the reason says what is missing; callers
 * answer 503 with it and a Retry-After, never 400 or 401 from a half-known System.
 */
public final class Readiness {
  private Readiness() {}

  /** What a caller is told to wait before asking again (seconds). */
  public static final long RETRY_AFTER_S = 2;

  /** Why this server is not ready yet, or empty once it is. */
  public static Optional<String> notReady(SystemState s, String serverId, String selfClusterAddress) {
    if (s.identity().isEmpty() || s.secret().isEmpty()) return Optional.of("joining the System: no System database yet");
    if (s.users().isEmpty()) return Optional.of("joining the System: its users have not arrived yet");
    ServerInfo self = s.servers().get(serverId);
    if (self == null || !self.clusterAddress().equals(selfClusterAddress)) {
      return Optional.of("joining the System: this server is not registered in it yet");
    }
    if (!s.upClusterAddresses().contains(selfClusterAddress)) {
      return Optional.of("joining the System: this server is not up in its cluster yet");
    }
    return Optional.empty();
  }
}

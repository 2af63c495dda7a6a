package io.argusvms.join;

import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nonces already spent on this server, each kept until it would have expired anyway: a nonce
 * authenticates one call, and a copy of that call (taken from a log, a proxy, the network) is
 * refused. Bounded: past {@link #MAX_KEPT} unexpired nonces, new ones are refused until some
 * expire, so a flood of valid calls cannot grow the table without end.
 */
public final class OnceOnly {
  static final int MAX_KEPT = 100_000;
  private final Map<String, Long> spent = new ConcurrentHashMap<>();
  private final Clock clock;

  public OnceOnly(Clock clock) {
    this.clock = clock;
  }

  /** True the first time a nonce is spent (atomically: of two concurrent copies, one wins). */
  public boolean spend(String nonce, long expiresAtMs) {
    long now = clock.millis();
    if (spent.size() >= MAX_KEPT) forgetExpired(now);
    if (spent.size() >= MAX_KEPT) return false;
    return spent.putIfAbsent(nonce, expiresAtMs) == null;
  }

  private void forgetExpired(long now) {
    for (Iterator<Long> it = spent.values().iterator(); it.hasNext(); ) {
      if (it.next() <= now) it.remove();
    }
  }
}

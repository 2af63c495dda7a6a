package io.argusvms.http;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Slows down and then locks password guessing, per user name, in this server's memory: after
 * {@code maxFailures} wrong passwords within {@code window} the name is locked for
 * {@code lockout} (login and HTTP Basic answer 429 with Retry-After, even with the right password).
 * Each wrong password before that is answered a little later than the one before. Counted per
 * server (not replicated): an attacker spread over n servers gets n times the attempts, still
 * a handful a minute. Unknown user names are counted too, so a lock does not reveal which exist.
 *
 * <p>An attempt is counted before its password is checked ({@link #begin}), so however many arrive
 * at once, at most {@code maxFailures} per name and window are ever checked: parallel guesses
 * beyond that are refused unchecked.
 */
public final class LoginThrottle {
  /** The {@code argus.http.login-lockout} settings. */
  public record Settings(int maxFailures, Duration window, Duration lockout, Duration delayStep) {
    public static final Settings DEFAULT =
        new Settings(5, Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofMillis(250));
  }

  private static final Duration MAX_DELAY = Duration.ofSeconds(1);
  private static final int MAX_TRACKED = 10_000;

  private final Settings settings;
  private final Clock clock;
  private final Map<String, Deque<Long>> failures = new HashMap<>();
  private final Map<String, Long> lockedUntil = new HashMap<>();

  public LoginThrottle(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** How long this name stays locked (zero when it is not locked). */
  public synchronized Duration lockedFor(String username) {
    Long until = lockedUntil.get(username);
    long now = clock.millis();
    if (until == null) return Duration.ZERO;
    if (until <= now) {
      lockedUntil.remove(username);
      return Duration.ZERO;
    }
    return Duration.ofMillis(until - now);
  }

  /**
   * Asks to check one password of this name now. Zero: go ahead (the attempt is counted as a
   * failure until {@link #succeeded} clears it); otherwise how long the name is locked (the
   * attempt must be refused unchecked). Call {@link #failed} or {@link #succeeded} after the check.
   */
  public synchronized Duration begin(String username) {
    Duration locked = lockedFor(username);
    if (!locked.isZero()) return locked;
    long now = clock.millis();
    if (failures.size() > MAX_TRACKED) prune(now);
    Deque<Long> recent = recent(username, now);
    if (recent.size() >= settings.maxFailures()) {
      // The window's attempts are used up (some may still be being checked): lock now.
      lockedUntil.put(username, now + settings.lockout().toMillis());
      return settings.lockout();
    }
    recent.addLast(now);
    return Duration.ZERO;
  }

  /**
   * The attempt {@link #begin} counted was wrong; returns how long to wait before answering it
   * (growing with the failures in the window; the failure that reaches the limit locks the name).
   */
  public synchronized Duration failed(String username) {
    long now = clock.millis();
    Deque<Long> recent = recent(username, now);
    if (recent.isEmpty()) recent.addLast(now); // not begun (a caller that checks without begin)
    if (recent.size() >= settings.maxFailures()) {
      lockedUntil.put(username, now + settings.lockout().toMillis());
      failures.remove(username);
      return Duration.ZERO;
    }
    Duration delay = settings.delayStep().multipliedBy(recent.size() - 1L);
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }

  private Deque<Long> recent(String username, long now) {
    Deque<Long> recent = failures.computeIfAbsent(username, u -> new ArrayDeque<>());
    while (!recent.isEmpty() && recent.peekFirst() <= now - settings.window().toMillis()) recent.removeFirst();
    return recent;
  }

  /**
   * The attempt {@link #begin} counted was no guess (a copy of an answered call, a nonce that
   * expired meanwhile): it is taken back, without clearing the name's real failures.
   */
  public synchronized void notAGuess(String username) {
    Deque<Long> recent = failures.get(username);
    if (recent != null && !recent.isEmpty()) recent.removeLast();
  }

  /** A right password clears the name's failures (the one counted for it included). */
  public synchronized void succeeded(String username) {
    failures.remove(username);
  }

  private void prune(long now) {
    failures.values().removeIf(d -> d.isEmpty() || d.peekLast() <= now - settings.window().toMillis());
    lockedUntil.values().removeIf(until -> until <= now);
  }
}

package io.argusvms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  final LoginThrottle throttle = new LoginThrottle(LoginThrottle.Settings.DEFAULT, clock);

  /** One wrong password, checked as the routes check one: counted first, then found wrong. */
  private Duration wrong(LoginThrottle t, String name) {
    assertEquals(Duration.ZERO, t.begin(name), name + " may be checked");
    return t.failed(name);
  }

  @Test
  void eachWrongPasswordWaitsLongerAndTheFifthLocksForAMinute() {
    assertEquals(Duration.ZERO, wrong(throttle, "bob"));
    assertEquals(Duration.ofMillis(250), wrong(throttle, "bob"));
    assertEquals(Duration.ofMillis(500), wrong(throttle, "bob"));
    assertEquals(Duration.ofMillis(750), wrong(throttle, "bob"));
    assertEquals(Duration.ZERO, throttle.lockedFor("bob"));
    wrong(throttle, "bob");
    assertEquals(Duration.ofSeconds(60), throttle.lockedFor("bob"));
    assertEquals(Duration.ZERO, throttle.lockedFor("alice"));
    clock.advance(Duration.ofSeconds(59));
    assertEquals(Duration.ofSeconds(1), throttle.lockedFor("bob"));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(Duration.ZERO, throttle.lockedFor("bob"));
    assertEquals(Duration.ZERO, wrong(throttle, "bob"), "the count starts again after a lock");
  }

  @Test
  void parallelGuessesBeyondTheLimitAreRefusedBeforeTheyAreChecked() {
    // Forty guesses arrive at once: each is counted before its check, so only five get checked.
    int checked = 0;
    for (int i = 0; i < 40; i++) if (throttle.begin("mallory").isZero()) checked++;
    assertEquals(5, checked);
    assertEquals(Duration.ofSeconds(60), throttle.lockedFor("mallory"), "locked, even before the five are answered");
    for (int i = 0; i < 5; i++) throttle.failed("mallory");
    assertEquals(Duration.ofSeconds(60), throttle.begin("mallory"), "the right password is refused too while locked");
  }

  @Test
  void failuresOlderThanTheWindowDoNotCount() {
    for (int i = 0; i < 4; i++) wrong(throttle, "carol");
    clock.advance(Duration.ofMinutes(5));
    wrong(throttle, "carol");
    assertEquals(Duration.ZERO, throttle.lockedFor("carol"));
  }

  @Test
  void aRightPasswordClearsTheCount() {
    for (int i = 0; i < 4; i++) wrong(throttle, "dave");
    assertEquals(Duration.ZERO, throttle.begin("dave"));
    throttle.succeeded("dave");
    wrong(throttle, "dave");
    assertEquals(Duration.ZERO, throttle.lockedFor("dave"));
  }

  @Test
  void theDelayIsAtMostOneSecond() {
    LoginThrottle lenient = new LoginThrottle(
        new LoginThrottle.Settings(100, Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofMillis(250)), clock);
    Duration last = Duration.ZERO;
    for (int i = 0; i < 20; i++) last = wrong(lenient, "erin");
    assertEquals(Duration.ofSeconds(1), last);
  }
}

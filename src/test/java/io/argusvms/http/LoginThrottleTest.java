package io.argusvms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  final LoginThrottle throttle = new LoginThrottle(LoginThrottle.Settings.DEFAULT, clock);

  @Test
  void eachWrongPasswordWaitsLongerAndTheFifthLocksForAMinute() {
    assertEquals(Duration.ZERO, throttle.failed("bob"));
    assertEquals(Duration.ofMillis(250), throttle.failed("bob"));
    assertEquals(Duration.ofMillis(500), throttle.failed("bob"));
    assertEquals(Duration.ofMillis(750), throttle.failed("bob"));
    assertEquals(Duration.ZERO, throttle.lockedFor("bob"));
    throttle.failed("bob");
    assertEquals(Duration.ofSeconds(60), throttle.lockedFor("bob"));
    assertEquals(Duration.ZERO, throttle.lockedFor("alice"));
    clock.advance(Duration.ofSeconds(59));
    assertEquals(Duration.ofSeconds(1), throttle.lockedFor("bob"));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(Duration.ZERO, throttle.lockedFor("bob"));
    assertEquals(Duration.ZERO, throttle.failed("bob"), "the count starts again after a lock");
  }

  @Test
  void failuresOlderThanTheWindowDoNotCount() {
    for (int i = 0; i < 4; i++) throttle.failed("carol");
    clock.advance(Duration.ofMinutes(5));
    throttle.failed("carol");
    assertEquals(Duration.ZERO, throttle.lockedFor("carol"));
  }

  @Test
  void aRightPasswordClearsTheCount() {
    for (int i = 0; i < 4; i++) throttle.failed("dave");
    throttle.succeeded("dave");
    throttle.failed("dave");
    assertEquals(Duration.ZERO, throttle.lockedFor("dave"));
  }

  @Test
  void theDelayIsAtMostOneSecond() {
    LoginThrottle lenient = new LoginThrottle(
        new LoginThrottle.Settings(100, Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofMillis(250)), clock);
    Duration last = Duration.ZERO;
    for (int i = 0; i < 20; i++) last = lenient.failed("erin");
    assertEquals(Duration.ofSeconds(1), last);
  }
}

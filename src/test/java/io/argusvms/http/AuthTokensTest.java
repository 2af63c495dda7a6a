package io.argusvms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthTokensTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
  final byte[] secret = "system-secret".getBytes(StandardCharsets.UTF_8);

  @Test
  void aTokenFromOneServerIsValidOnAnotherWithTheSameSecret() {
    AuthTokens a = new AuthTokens(secret, clock, Duration.ofHours(12));
    AuthTokens b = new AuthTokens(secret.clone(), clock, Duration.ofHours(12));
    AuthTokens.Issued t = a.issue(new Principal("alice", "viewer"));
    assertEquals(Optional.of(new Principal("alice", "viewer")), b.verify(t.token()));
    assertEquals(Instant.parse("2026-03-01T12:00:00Z").toEpochMilli(), t.expiresAtMs());
  }

  @Test
  void anotherSecretOrAnExpiredTokenIsRejected() {
    AuthTokens a = new AuthTokens(secret, clock, Duration.ofMinutes(5));
    String token = a.issue(new Principal("alice", "admin")).token();
    AuthTokens other = new AuthTokens("other".getBytes(StandardCharsets.UTF_8), clock, Duration.ofMinutes(5));
    assertTrue(other.verify(token).isEmpty());
    clock.advance(Duration.ofMinutes(5));
    assertTrue(a.verify(token).isEmpty());
  }

  @Test
  void garbageIsRejectedNotThrown() {
    AuthTokens a = new AuthTokens(secret, clock, Duration.ofMinutes(5));
    for (String s : new String[] {null, "", ".", "a.b", "a.b.c", "!!!.???", "eyJ1Ijo.xx"}) {
      assertTrue(a.verify(s).isEmpty(), String.valueOf(s));
    }
  }
}

package io.argusvms.join;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.system.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JoinCryptoTest {
  static final String STORED = PasswordHasher.hash("correct horse");
  static final PasswordHasher.Parsed PARSED = PasswordHasher.parse(STORED).orElseThrow();

  static byte[] clientKey(String password) {
    return PasswordHasher.clientKey(PasswordHasher.derive(password, PARSED.salt(), PARSED.iterations()));
  }

  @Test
  void theSystemStoresOnlyTheHashOfTheKeyATypedPasswordDerives() {
    assertArrayEquals(PARSED.storedKey(), PasswordHasher.storedKey(clientKey("correct horse")));
    assertTrue(STORED.startsWith("argus-sk-sha256$"), STORED);
    assertTrue(PasswordHasher.matches("correct horse", STORED));
    assertFalse(PasswordHasher.matches("correct horsE", STORED));
  }

  @Test
  void aProofFromTheRightPasswordGivesTheClientKeyAndAnyOtherNothing() {
    byte[] right = clientKey("correct horse");
    byte[] wrong = clientKey("correct horsE");
    assertArrayEquals(right, JoinCrypto.provenClientKey(PARSED.storedKey(), "n1", JoinCrypto.proof(right, "n1")).orElseThrow());
    assertTrue(JoinCrypto.provenClientKey(PARSED.storedKey(), "n1", JoinCrypto.proof(wrong, "n1")).isEmpty());
    assertTrue(JoinCrypto.provenClientKey(PARSED.storedKey(), "n2", JoinCrypto.proof(right, "n1")).isEmpty(), "bound to its message");
    assertTrue(JoinCrypto.provenClientKey(PARSED.storedKey(), "n1", null).isEmpty());
  }

  /** Audit finding: the stored hash alone built an accepted proof (pass-the-hash). */
  @Test
  void whatTheDatabaseHoldsProvesNothing() {
    byte[] fromTheDatabase = PARSED.storedKey();
    assertTrue(JoinCrypto.provenClientKey(PARSED.storedKey(), "n1", JoinCrypto.proof(fromTheDatabase, "n1")).isEmpty());
    assertTrue(JoinCrypto.provenClientKey(PARSED.storedKey(), "n1", fromTheDatabase).isEmpty());
    String storedText = STORED.substring(STORED.lastIndexOf('$') + 1);
    assertTrue(JoinCrypto.provenClientKey(PARSED.storedKey(), "n1",
        JoinCrypto.proof(java.util.Base64.getDecoder().decode(storedText), "n1")).isEmpty());
  }

  @Test
  void hashesOfTheFirstReleaseStillCheckTheirPasswords() {
    byte[] salt = new byte[16];
    byte[] salted = PasswordHasher.derive("old-pw", salt, 1000);
    String first = "pbkdf2-sha256$1000$" + java.util.Base64.getEncoder().encodeToString(salt) + "$"
        + java.util.Base64.getEncoder().encodeToString(salted);
    assertTrue(PasswordHasher.matches("old-pw", first));
    assertFalse(PasswordHasher.matches("old-pW", first));
  }

  @Test
  void aSealedGrantOpensOnlyWithTheSameKeyAndNonce() throws Exception {
    byte[] key = clientKey("correct horse");
    JoinGrant grant = new JoinGrant("sys", "Main site", List.of("10.0.0.5:7002", "10.0.0.6:7002"),
        Optional.of(new ClusterKey(new byte[] {1, 2, 3, 4}, "pw")));
    byte[] sealed = JoinCrypto.seal(key, "n1", grant.toBytes());
    assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("10.0.0.5"), "not readable in transit");
    JoinGrant opened = JoinGrant.fromBytes(JoinCrypto.open(key, "n1", sealed));
    assertEquals(grant.systemId(), opened.systemId());
    assertEquals(grant.seeds(), opened.seeds());
    assertArrayEquals(new byte[] {1, 2, 3, 4}, opened.clusterKey().orElseThrow().pkcs12());
    assertEquals("pw", opened.clusterKey().orElseThrow().password());

    assertThrows(GeneralSecurityException.class, () -> JoinCrypto.open(clientKey("guess"), "n1", sealed));
    assertThrows(GeneralSecurityException.class, () -> JoinCrypto.open(PARSED.storedKey(), "n1", sealed));
    assertThrows(GeneralSecurityException.class, () -> JoinCrypto.open(key, "n2", sealed));
    byte[] tampered = sealed.clone();
    tampered[tampered.length - 1] ^= 1;
    assertThrows(GeneralSecurityException.class, () -> JoinCrypto.open(key, "n1", tampered));
  }

  @Test
  void noncesAreBoundToTheirUserTheirIssuerAndFiveMinutesAndSpentOnce() {
    Instant t0 = Instant.parse("2026-11-27T08:00:00Z");
    byte[] secret = "system-secret-1".getBytes(StandardCharsets.UTF_8);
    JoinChallenges now = new JoinChallenges(() -> secret, "s1", Clock.fixed(t0, ZoneOffset.UTC));
    String nonce = now.issue("admin");
    assertTrue(now.valid(nonce, "admin"));
    assertFalse(now.valid(nonce, "root"), "issued to another name");
    assertFalse(now.valid(nonce.substring(0, nonce.length() - 2) + "AA", "admin"), "signature changed");
    assertFalse(new JoinChallenges(() -> "other-system".getBytes(StandardCharsets.UTF_8), "s1",
        Clock.fixed(t0, ZoneOffset.UTC)).valid(nonce, "admin"), "another System's nonce");
    assertFalse(new JoinChallenges(() -> secret, "s2", Clock.fixed(t0, ZoneOffset.UTC)).valid(nonce, "admin"),
        "another server of the same System");
    JoinChallenges later = new JoinChallenges(() -> secret, "s1",
        Clock.fixed(t0.plus(JoinChallenges.TTL).plus(Duration.ofMillis(1)), ZoneOffset.UTC));
    assertFalse(later.valid(nonce, "admin"), "expired");
    assertFalse(now.valid("a.b.c", "admin"));
    assertFalse(now.valid(null, "admin"));
    assertTrue(now.redeem(nonce, "admin"));
    assertFalse(now.redeem(nonce, "admin"), "spent");
    assertEquals(16, now.decoySalt("ghost").length);
    assertArrayEquals(now.decoySalt("ghost"), now.decoySalt("ghost"), "stable, so asking twice tells nothing");
  }

  @Test
  void ofManyCopiesOfOneNonceSpentAtOnceExactlyOneWins() throws Exception {
    OnceOnly once = new OnceOnly(Clock.systemUTC());
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Boolean>> tries = new java.util.ArrayList<>();
      for (int i = 0; i < 64; i++) tries.add(pool.submit(() -> once.spend("n", Long.MAX_VALUE)));
      int won = 0;
      for (var t : tries) if (t.get()) won++;
      assertEquals(1, won);
    } finally {
      pool.shutdownNow();
    }
  }
}

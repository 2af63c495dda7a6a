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

  @Test
  void theTypedPasswordDerivesTheKeyTheSystemStores() {
    assertArrayEquals(PARSED.hash(), PasswordHasher.derive("correct horse", PARSED.salt(), PARSED.iterations()));
  }

  @Test
  void aProofFromTheRightPasswordMatchesAndAnyOtherDoesNot() {
    byte[] right = PasswordHasher.derive("correct horse", PARSED.salt(), PARSED.iterations());
    byte[] wrong = PasswordHasher.derive("correct horsE", PARSED.salt(), PARSED.iterations());
    assertTrue(JoinCrypto.proofMatches(PARSED.hash(), "n1", JoinCrypto.proof(right, "n1")));
    assertFalse(JoinCrypto.proofMatches(PARSED.hash(), "n1", JoinCrypto.proof(wrong, "n1")));
    assertFalse(JoinCrypto.proofMatches(PARSED.hash(), "n2", JoinCrypto.proof(right, "n1")), "bound to its nonce");
    assertFalse(JoinCrypto.proofMatches(PARSED.hash(), "n1", null));
  }

  @Test
  void aSealedGrantOpensOnlyWithTheSameKeyAndNonce() throws Exception {
    JoinGrant grant = new JoinGrant("sys", "Main site", List.of("10.0.0.5:7002", "10.0.0.6:7002"),
        Optional.of(new ClusterKey(new byte[] {1, 2, 3, 4}, "pw")));
    byte[] sealed = JoinCrypto.seal(PARSED.hash(), "n1", grant.toBytes());
    assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("10.0.0.5"), "not readable in transit");
    JoinGrant opened = JoinGrant.fromBytes(JoinCrypto.open(PARSED.hash(), "n1", sealed));
    assertEquals(grant.systemId(), opened.systemId());
    assertEquals(grant.seeds(), opened.seeds());
    assertArrayEquals(new byte[] {1, 2, 3, 4}, opened.clusterKey().orElseThrow().pkcs12());
    assertEquals("pw", opened.clusterKey().orElseThrow().password());

    byte[] other = PasswordHasher.derive("guess", PARSED.salt(), PARSED.iterations());
    assertThrows(GeneralSecurityException.class, () -> JoinCrypto.open(other, "n1", sealed));
    assertThrows(GeneralSecurityException.class, () -> JoinCrypto.open(PARSED.hash(), "n2", sealed));
    byte[] tampered = sealed.clone();
    tampered[tampered.length - 1] ^= 1;
    assertThrows(GeneralSecurityException.class, () -> JoinCrypto.open(PARSED.hash(), "n1", tampered));
  }

  @Test
  void noncesAreBoundToTheirUserTheirSystemAndAMinute() {
    Instant t0 = Instant.parse("2026-11-27T08:00:00Z");
    byte[] secret = "system-secret-1".getBytes(StandardCharsets.UTF_8);
    JoinChallenges now = new JoinChallenges(() -> secret, Clock.fixed(t0, ZoneOffset.UTC));
    String nonce = now.issue("admin");
    assertTrue(now.valid(nonce, "admin"));
    assertFalse(now.valid(nonce, "root"), "issued to another name");
    assertFalse(now.valid(nonce.substring(0, nonce.length() - 2) + "AA", "admin"), "signature changed");
    assertFalse(new JoinChallenges(() -> "other-system".getBytes(StandardCharsets.UTF_8),
        Clock.fixed(t0, ZoneOffset.UTC)).valid(nonce, "admin"), "another System's nonce");
    JoinChallenges later = new JoinChallenges(() -> secret, Clock.fixed(t0.plus(JoinChallenges.TTL).plus(Duration.ofMillis(1)), ZoneOffset.UTC));
    assertFalse(later.valid(nonce, "admin"), "expired");
    assertFalse(now.valid("a.b.c", "admin"));
    assertFalse(now.valid(null, "admin"));
    assertEquals(16, now.decoySalt("ghost").length);
    assertArrayEquals(now.decoySalt("ghost"), now.decoySalt("ghost"), "stable, so asking twice tells nothing");
  }
}

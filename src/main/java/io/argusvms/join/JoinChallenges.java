package io.argusvms.join;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Nonces for {@link JoinCrypto} and {@link SealedSession}: {@code random.expiry.user.issuer.signature},
 * signed with the System's secret. A nonce is bound to one user name and to the server that issued
 * it, expires after five minutes, and authenticates one call only ({@link #redeem}): the issuer
 * alone accepts it, so its memory of spent nonces is the whole memory there is.
 *
 * <p>For a user name that does not exist the challenge still names a salt (derived from the
 * secret, stable per name), so the challenge does not tell who exists.
 */
public final class JoinChallenges {
  public static final Duration TTL = Duration.ofMinutes(5);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Supplier<byte[]> secret;
  private final String issuer;
  private final Clock clock;
  private final OnceOnly spent;

  /** @param issuer this server's id */
  public JoinChallenges(Supplier<byte[]> secret, String issuer, Clock clock) {
    this.secret = secret;
    this.issuer = issuer;
    this.clock = clock;
    this.spent = new OnceOnly(clock);
  }

  public String issue(String username) {
    byte[] r = new byte[16];
    RANDOM.nextBytes(r);
    String body = B64.encodeToString(r) + "." + (clock.millis() + TTL.toMillis()) + "."
        + B64.encodeToString(username.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(issuer.getBytes(StandardCharsets.UTF_8));
    return body + "." + B64.encodeToString(sign(body));
  }

  /** True for a nonce this server issued to this user name that has not expired (spent or not). */
  public boolean valid(String nonce, String username) {
    return expiry(nonce, username) > 0;
  }

  /**
   * Spends a valid nonce: true once, for the call it authenticates (after its proof was checked,
   * so that nobody can spend another's nonce with a wrong proof); false for a copy.
   */
  public boolean redeem(String nonce, String username) {
    long expiry = expiry(nonce, username);
    return expiry > 0 && spent.spend(nonce, expiry);
  }

  private long expiry(String nonce, String username) {
    if (nonce == null) return 0;
    String[] p = nonce.split("\\.");
    if (p.length != 5) return 0;
    String body = p[0] + "." + p[1] + "." + p[2] + "." + p[3];
    try {
      if (!MessageDigest.isEqual(sign(body), B64D.decode(p[4]))) return 0;
      long expiry = Long.parseLong(p[1]);
      if (expiry <= clock.millis()) return 0;
      if (!new String(B64D.decode(p[2]), StandardCharsets.UTF_8).equals(username)) return 0;
      return new String(B64D.decode(p[3]), StandardCharsets.UTF_8).equals(issuer) ? expiry : 0;
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  /** The salt shown for a user name that does not exist (16 bytes, stable per name). */
  public byte[] decoySalt(String username) {
    return Arrays.copyOf(JoinCrypto.hmac(secret.get(), "argus-join-decoy-salt\n" + username), 16);
  }

  private byte[] sign(String body) {
    return JoinCrypto.hmac(secret.get(), "argus-join-nonce\n" + body);
  }
}

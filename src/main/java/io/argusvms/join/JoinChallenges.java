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
 * Nonces for {@link JoinCrypto}, stateless: {@code random.expiry.user.signature}, signed with the
 * System's secret, so any server of the System accepts a nonce another one issued and none has to
 * remember them. A nonce is bound to one user name and expires after five minutes (a merge uses
 * one for all its calls).
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
  private final Clock clock;

  public JoinChallenges(Supplier<byte[]> secret, Clock clock) {
    this.secret = secret;
    this.clock = clock;
  }

  public String issue(String username) {
    byte[] r = new byte[16];
    RANDOM.nextBytes(r);
    String body = B64.encodeToString(r) + "." + (clock.millis() + TTL.toMillis()) + "."
        + B64.encodeToString(username.getBytes(StandardCharsets.UTF_8));
    return body + "." + B64.encodeToString(sign(body));
  }

  /** True for a nonce this System issued to this user name that has not expired. */
  public boolean valid(String nonce, String username) {
    if (nonce == null) return false;
    String[] p = nonce.split("\\.");
    if (p.length != 4) return false;
    String body = p[0] + "." + p[1] + "." + p[2];
    try {
      if (!MessageDigest.isEqual(sign(body), B64D.decode(p[3]))) return false;
      if (Long.parseLong(p[1]) <= clock.millis()) return false;
      return new String(B64D.decode(p[2]), StandardCharsets.UTF_8).equals(username);
    } catch (IllegalArgumentException e) {
      return false;
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

package io.argusvms.join;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Server-to-server calls that carry secrets (a merge's database export and import, a cluster key)
 * over plain HTTP, sealed end to end with AES-256-GCM ({@link JoinCrypto}) under a session key
 * only the two ends can derive:
 *
 * <ul>
 *   <li>{@code Argus-Sealed u=<user>;n=<nonce>;p=<proof>}: across Systems, from an
 *       administrator's password of the answering System (its password key, as in joining) and
 *       a nonce that System issued ({@code GET /api/v1/system/join}).
 *   <li>{@code Argus-System n=<nonce>;p=<proof>}: within one System, from the System's token
 *       secret, which every one of its servers holds; the nonce carries its time and is accepted
 *       for {@link #SYSTEM_NONCE_SKEW_MS} either way.
 * </ul>
 *
 * The proof authenticates the caller; request and answer bodies are {@code {"sealed":"<Base64>"}}.
 */
public final class SealedSession {
  public static final String USER_SCHEME = "Argus-Sealed";
  public static final String SYSTEM_SCHEME = "Argus-System";
  public static final long SYSTEM_NONCE_SKEW_MS = 5 * 60_000;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String nonce;
  private final byte[] key;
  private final String authorization;

  private SealedSession(String nonce, byte[] key, String authorization) {
    this.nonce = nonce;
    this.key = key;
    this.authorization = authorization;
  }

  /**
   * The caller's side across Systems: an administrator's password key ({@link
   * JoinCrypto#passwordKey}) and the nonce of the same challenge.
   */
  public static SealedSession forUser(String username, byte[] passwordKey, String nonce) {
    String header = USER_SCHEME + " u=" + B64.encodeToString(username.getBytes(StandardCharsets.UTF_8)) + ";n=" + nonce
        + ";p=" + B64.encodeToString(userProof(passwordKey, nonce));
    return new SealedSession(nonce, userKey(passwordKey, nonce), header);
  }

  /** The caller's side within a System: its token secret. */
  public static SealedSession forSystem(byte[] secret, long nowMs) {
    byte[] r = new byte[16];
    RANDOM.nextBytes(r);
    String nonce = B64.encodeToString(r) + "." + nowMs;
    return new SealedSession(nonce, JoinCrypto.hmac(secret, "argus-system-session\n" + nonce),
        SYSTEM_SCHEME + " n=" + nonce + ";p=" + B64.encodeToString(JoinCrypto.hmac(secret, "argus-system-proof\n" + nonce)));
  }

  /** An Authorization header of one of the two schemes, taken apart (not verified yet). */
  public record Claim(String scheme, String username, String nonce, byte[] proof) {}

  public static boolean isSealed(String authorization) {
    return authorization != null && (authorization.startsWith(USER_SCHEME + " ") || authorization.startsWith(SYSTEM_SCHEME + " "));
  }

  public static Optional<Claim> parse(String authorization) {
    if (!isSealed(authorization)) return Optional.empty();
    String scheme = authorization.substring(0, authorization.indexOf(' '));
    String user = null;
    String nonce = null;
    byte[] proof = null;
    try {
      for (String part : authorization.substring(scheme.length() + 1).strip().split(";")) {
        int eq = part.indexOf('=');
        if (eq < 0) return Optional.empty();
        String v = part.substring(eq + 1).strip();
        switch (part.substring(0, eq).strip()) {
          case "u" -> user = new String(B64D.decode(v), StandardCharsets.UTF_8);
          case "n" -> nonce = v;
          case "p" -> proof = B64D.decode(v);
          default -> { return Optional.empty(); }
        }
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (nonce == null || proof == null || (scheme.equals(USER_SCHEME) && user == null)) return Optional.empty();
    return Optional.of(new Claim(scheme, scheme.equals(USER_SCHEME) ? user : "", nonce, proof));
  }

  /** The answering side, across Systems: the session when the proof fits the user's password key. */
  public static Optional<SealedSession> verifyUser(Claim c, byte[] passwordKey) {
    if (!MessageDigest.isEqual(userProof(passwordKey, c.nonce()), c.proof())) return Optional.empty();
    return Optional.of(new SealedSession(c.nonce(), userKey(passwordKey, c.nonce()), ""));
  }

  /** The answering side, within a System: the session when the proof fits the System's secret and the nonce is fresh. */
  public static Optional<SealedSession> verifySystem(Claim c, byte[] secret, long nowMs) {
    int dot = c.nonce().lastIndexOf('.');
    try {
      long at = Long.parseLong(c.nonce().substring(dot + 1));
      if (dot <= 0 || Math.abs(nowMs - at) > SYSTEM_NONCE_SKEW_MS) return Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(JoinCrypto.hmac(secret, "argus-system-proof\n" + c.nonce()), c.proof())) return Optional.empty();
    return Optional.of(new SealedSession(c.nonce(), JoinCrypto.hmac(secret, "argus-system-session\n" + c.nonce()), ""));
  }

  public String authorization() {
    return authorization;
  }

  /** {@code {"sealed":"..."}} for a JSON text. */
  public String seal(String json) {
    return "{\"sealed\":\"" + Base64.getEncoder().encodeToString(
        JoinCrypto.seal(key, nonce, json.getBytes(StandardCharsets.UTF_8))) + "\"}";
  }

  /** The JSON text inside {@code {"sealed":"..."}}; throws when it was not sealed in this session. */
  public String open(JsonNode envelope) throws GeneralSecurityException {
    String sealed = envelope == null ? "" : envelope.path("sealed").asText("");
    try {
      return new String(JoinCrypto.open(key, nonce, Base64.getDecoder().decode(sealed)), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("not Base64");
    }
  }

  private static byte[] userProof(byte[] passwordKey, String nonce) {
    return JoinCrypto.hmac(passwordKey, "argus-session-proof\n" + nonce);
  }

  private static byte[] userKey(byte[] passwordKey, String nonce) {
    return JoinCrypto.hmac(passwordKey, "argus-session\n" + nonce);
  }
}

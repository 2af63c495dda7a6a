package io.argusvms.join;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * Server-to-server calls that carry secrets (a merge's database export and import, a cluster key)
 * over plain HTTP, sealed end to end with AES-256-GCM ({@link JoinCrypto}) under a session key
 * only the two ends can derive. One session is one call:
 *
 * <ul>
 *   <li>{@code Argus-Sealed u=<user>;n=<nonce>;p=<proof>}: across Systems, from an
 *       administrator's client key of the answering System ({@link JoinCrypto#proof}, as in
 *       joining) and a nonce that server issued ({@code GET /api/v1/system/join}), spent by the
 *       call ({@link JoinChallenges#redeem}).
 *   <li>{@code Argus-System n=<nonce>;p=<proof>}: within one System, from the System's token
 *       secret, which every one of its servers holds; the proof names the server the call is for
 *       (no other server of the System takes it); the nonce carries its time, is accepted for
 *       {@link #SYSTEM_NONCE_SKEW_MS} either way, and only once.
 * </ul>
 *
 * The proof covers the nonce, the request's method, path and the SHA-256 of its body, so a header
 * seen once opens nothing else; request and answer bodies are {@code {"sealed":"<Base64>"}}.
 */
public final class SealedSession {
  public static final String USER_SCHEME = "Argus-Sealed";
  public static final String SYSTEM_SCHEME = "Argus-System";
  public static final long SYSTEM_NONCE_SKEW_MS = 5 * 60_000;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a proof is bound to: the request as sent (method, path without query, body bytes). */
  public record Call(String method, String path, byte[] body) {
    public static Call of(String method, String path, String body) {
      return new Call(method, path, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    String message(String nonce) {
      try {
        return nonce + "\n" + method + "\n" + path + "\n"
            + B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("SHA-256 is not available", e);
      }
    }
  }

  private final String nonce;
  private final byte[] key;
  /** The caller's side: builds the header for a call; null on the answering side. */
  private final Function<Call, String> header;

  private SealedSession(String nonce, byte[] key, Function<Call, String> header) {
    this.nonce = nonce;
    this.key = key;
    this.header = header;
  }

  /**
   * The caller's side across Systems: an administrator's client key ({@link JoinCrypto#clientKey})
   * and a fresh nonce of a challenge for the same user.
   */
  public static SealedSession forUser(String username, byte[] clientKey, String nonce) {
    String u = B64.encodeToString(username.getBytes(StandardCharsets.UTF_8));
    return new SealedSession(nonce, userKey(clientKey, nonce), call -> USER_SCHEME + " u=" + u + ";n=" + nonce
        + ";p=" + B64.encodeToString(JoinCrypto.proof(clientKey, "sealed\n" + call.message(nonce))));
  }

  /** The caller's side within a System: its token secret, and the id of the server called. */
  public static SealedSession forSystem(byte[] secret, long nowMs, String serverId) {
    byte[] r = new byte[16];
    RANDOM.nextBytes(r);
    String nonce = B64.encodeToString(r) + "." + nowMs;
    return new SealedSession(nonce, JoinCrypto.hmac(secret, "argus-system-session\n" + nonce),
        call -> SYSTEM_SCHEME + " n=" + nonce + ";p=" + B64.encodeToString(systemProof(secret, nonce, serverId, call)));
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

  /** The answering side, across Systems: the session when the proof fits the user's stored key. */
  public static Optional<SealedSession> verifyUser(Claim c, Call call, byte[] storedKey) {
    return JoinCrypto.provenClientKey(storedKey, "sealed\n" + call.message(c.nonce()), c.proof())
        .map(clientKey -> new SealedSession(c.nonce(), userKey(clientKey, c.nonce()), null));
  }

  /**
   * The answering side, within a System: the session when the proof fits the System's secret and
   * this server ({@code selfId}), and the nonce is fresh. Spending the nonce is the caller's
   * ({@link #systemNonceExpiry}).
   */
  public static Optional<SealedSession> verifySystem(Claim c, Call call, byte[] secret, long nowMs, String selfId) {
    if (systemNonceExpiry(c.nonce(), nowMs).isEmpty()) return Optional.empty();
    if (!MessageDigest.isEqual(systemProof(secret, c.nonce(), selfId, call), c.proof())) return Optional.empty();
    return Optional.of(new SealedSession(c.nonce(), JoinCrypto.hmac(secret, "argus-system-session\n" + c.nonce()), null));
  }

  /** Until when a System nonce must be remembered as spent; empty when it is not fresh now. */
  public static Optional<Long> systemNonceExpiry(String nonce, long nowMs) {
    int dot = nonce.lastIndexOf('.');
    if (dot <= 0) return Optional.empty();
    try {
      long at = Long.parseLong(nonce.substring(dot + 1));
      return Math.abs(nowMs - at) > SYSTEM_NONCE_SKEW_MS ? Optional.empty() : Optional.of(at + SYSTEM_NONCE_SKEW_MS);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The Authorization header for one call of the caller's side: the proof bound to it. */
  public String authorization(Call call) {
    if (header == null) throw new IllegalStateException("the answering side does not sign calls");
    return header.apply(call);
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

  private static byte[] systemProof(byte[] secret, String nonce, String serverId, Call call) {
    return JoinCrypto.hmac(secret, "argus-system-proof\n" + serverId + "\n" + call.message(nonce));
  }

  private static byte[] userKey(byte[] clientKey, String nonce) {
    return JoinCrypto.hmac(clientKey, "argus-session\n" + nonce);
  }
}

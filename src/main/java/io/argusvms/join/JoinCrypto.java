package io.argusvms.join;

import io.argusvms.system.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cryptography of joining a System with an administrator's password over plain HTTP, without
 * sending the password or the System's cluster key in clear.
 *
 * <p>Both sides know the administrator's <em>password key</em>: the PBKDF2 output the System
 * stores as the password hash (the server reads it from its database; the joining server derives
 * it from the typed password with the salt and count the server names). The joining server proves
 * it knows that key with an HMAC over a fresh nonce; the answering server seals the grant (cluster
 * key, seeds) with AES-256-GCM under a key derived from the same password key and nonce, which
 * also proves to the joining server that it talks to the System and not an impostor. A listener
 * on the network sees salt, nonce, proof and ciphertext: enough to test password guesses offline
 * at PBKDF2's cost per guess, not to read the key. Use strong administrator passwords.
 */
public final class JoinCrypto {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int IV_BYTES = 12;

  private JoinCrypto() {}

  /** A System may not make a caller spend more than this on PBKDF2 (it would stall the caller). */
  static final int MAX_ITERATIONS = 5_000_000;

  /**
   * The password key a challenge ({@code GET /api/v1/system/join}) names for this password: the
   * PBKDF2 output with its salt and iteration count. Empty when the challenge is malformed or asks
   * for an implausible count.
   */
  public static java.util.Optional<byte[]> passwordKey(String password, com.fasterxml.jackson.databind.JsonNode challenge) {
    int iterations = challenge.path("iterations").asInt();
    if (iterations <= 0 || iterations > MAX_ITERATIONS) return java.util.Optional.empty();
    try {
      byte[] salt = Base64.getDecoder().decode(challenge.path("salt").asText());
      return java.util.Optional.of(PasswordHasher.derive(password, salt, iterations));
    } catch (IllegalArgumentException notBase64) {
      return java.util.Optional.empty();
    }
  }

  /** What the joining server sends to show it knows the password. */
  public static byte[] proof(byte[] passwordKey, String nonce) {
    return hmac(passwordKey, "argus-join-proof\n" + nonce);
  }

  public static boolean proofMatches(byte[] passwordKey, String nonce, byte[] given) {
    // Constant time: a timing side channel must not reveal how much of a forged proof is right.
    return given != null && MessageDigest.isEqual(proof(passwordKey, nonce), given);
  }

  /** Sealed bytes: a 12-byte random IV followed by the GCM ciphertext and tag. */
  public static byte[] seal(byte[] passwordKey, String nonce, byte[] plaintext) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    byte[] sealed = crypt(Cipher.ENCRYPT_MODE, passwordKey, nonce, iv, plaintext, 0, plaintext.length);
    byte[] out = new byte[IV_BYTES + sealed.length];
    System.arraycopy(iv, 0, out, 0, IV_BYTES);
    System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
    return out;
  }

  /** The plaintext of {@link #seal}; throws when the bytes were not sealed with this key and nonce. */
  public static byte[] open(byte[] passwordKey, String nonce, byte[] sealed) throws GeneralSecurityException {
    if (sealed.length <= IV_BYTES) throw new GeneralSecurityException("sealed grant too short");
    byte[] iv = java.util.Arrays.copyOf(sealed, IV_BYTES);
    try {
      return crypt(Cipher.DECRYPT_MODE, passwordKey, nonce, iv, sealed, IV_BYTES, sealed.length - IV_BYTES);
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof GeneralSecurityException g) throw g;
      throw e;
    }
  }

  private static byte[] crypt(int mode, byte[] passwordKey, String nonce, byte[] iv, byte[] data, int off, int len) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(hmac(passwordKey, "argus-join-seal\n" + nonce), "AES"), new GCMParameterSpec(128, iv));
      c.updateAAD(nonce.getBytes(StandardCharsets.UTF_8));
      return c.doFinal(data, off, len);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}

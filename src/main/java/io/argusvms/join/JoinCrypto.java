package io.argusvms.join;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.system.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cryptography of joining a System with an administrator's password over plain HTTP, without
 * sending the password or the System's cluster key in clear, and of sealed calls ({@link
 * SealedSession}).
 *
 * <p>The caller derives the administrator's <em>client key</em> from the typed password with the
 * salt and count the server names ({@link PasswordHasher}); the server holds only the client key's
 * SHA-256, the stored key. A proof is the client key masked with an HMAC of the message under
 * the stored key (SCRAM, RFC 5802): the server unmasks it and checks the hash, so it learns the
 * client key for this call without ever storing it, and a copy of the database is not enough to
 * prove anything. The server seals its answer (the join grant: cluster key, seeds) with
 * AES-256-GCM under a key derived from the client key and the nonce, which also proves to the
 * caller that it talks to the System and not an impostor. A listener on the network sees salt,
 * nonce, proof and ciphertext: enough to test password guesses offline at PBKDF2's cost per
 * guess, not to read the key. Use strong administrator passwords.
 */
public final class JoinCrypto {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int IV_BYTES = 12;

  private JoinCrypto() {}

  /** A System may not make a caller spend more than this on PBKDF2 (it would stall the caller). */
  static final int MAX_ITERATIONS = 5_000_000;

  /**
   * The client key a challenge ({@code GET /api/v1/system/join}) names for this password: from
   * the PBKDF2 output with its salt and iteration count. Empty when the challenge is malformed or
   * asks for an implausible count.
   */
  public static Optional<byte[]> clientKey(String password, JsonNode challenge) {
    int iterations = challenge.path("iterations").asInt();
    if (iterations <= 0 || iterations > MAX_ITERATIONS) return Optional.empty();
    try {
      byte[] salt = Base64.getDecoder().decode(challenge.path("salt").asText());
      return Optional.of(PasswordHasher.clientKey(PasswordHasher.derive(password, salt, iterations)));
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
  }

  /** What a caller sends to show it holds the client key, for one message (bound to its nonce). */
  public static byte[] proof(byte[] clientKey, String message) {
    return xor(clientKey, hmac(PasswordHasher.storedKey(clientKey), "argus-proof\n" + message));
  }

  /** The client key a proof carries when it fits the stored key (checked in constant time); empty otherwise. */
  public static Optional<byte[]> provenClientKey(byte[] storedKey, String message, byte[] proof) {
    if (proof == null || proof.length != storedKey.length) return Optional.empty();
    byte[] clientKey = xor(proof, hmac(storedKey, "argus-proof\n" + message));
    return MessageDigest.isEqual(PasswordHasher.storedKey(clientKey), storedKey)
        ? Optional.of(clientKey) : Optional.empty();
  }

  /** The message a join's proof covers. */
  public static String joinMessage(String nonce) {
    return "join\n" + nonce;
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) out[i] = (byte) (a[i] ^ b[i % b.length]);
    return out;
  }

  /** Sealed bytes: a 12-byte random IV followed by the GCM ciphertext and tag. */
  public static byte[] seal(byte[] clientKey, String nonce, byte[] plaintext) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    byte[] sealed = crypt(Cipher.ENCRYPT_MODE, clientKey, nonce, iv, plaintext, 0, plaintext.length);
    byte[] out = new byte[IV_BYTES + sealed.length];
    System.arraycopy(iv, 0, out, 0, IV_BYTES);
    System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
    return out;
  }

  /** The plaintext of {@link #seal}; throws when the bytes were not sealed with this key and nonce. */
  public static byte[] open(byte[] clientKey, String nonce, byte[] sealed) throws GeneralSecurityException {
    if (sealed.length <= IV_BYTES) throw new GeneralSecurityException("sealed grant too short");
    byte[] iv = Arrays.copyOf(sealed, IV_BYTES);
    try {
      return crypt(Cipher.DECRYPT_MODE, clientKey, nonce, iv, sealed, IV_BYTES, sealed.length - IV_BYTES);
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof GeneralSecurityException g) throw g;
      throw e;
    }
  }

  private static byte[] crypt(int mode, byte[] key, String nonce, byte[] iv, byte[] data, int off, int len) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(hmac(key, "argus-join-seal\n" + nonce), "AES"), new GCMParameterSpec(128, iv));
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

package io.argusvms.system;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes in the form {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}
 * (Base64). The iteration count is stored with the hash so it can be raised later.
 */
public final class PasswordHasher {
  /** About 60 ms per check on this project's 2-core reference machine. */
  public static final int ITERATIONS = 120_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHasher() {}

  public static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return format(ITERATIONS, salt, derive(password, salt, ITERATIONS));
  }

  public static boolean matches(String password, String stored) {
    if (password == null) return false;
    return parse(stored).map(p -> MessageDigest.isEqual(p.hash(), derive(password, p.salt(), p.iterations())))
        .orElse(false);
  }

  /** A stored hash taken apart; {@code hash} is the PBKDF2 output for that salt and count. */
  public record Parsed(int iterations, byte[] salt, byte[] hash) {}

  /** The parts of a stored hash; empty when it is not in this class's format. */
  public static java.util.Optional<Parsed> parse(String stored) {
    if (stored == null) return java.util.Optional.empty();
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) return java.util.Optional.empty();
    try {
      return java.util.Optional.of(new Parsed(Integer.parseInt(parts[1]), Base64.getDecoder().decode(parts[2]),
          Base64.getDecoder().decode(parts[3])));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  private static String format(int iterations, byte[] salt, byte[] hash) {
    Base64.Encoder b64 = Base64.getEncoder();
    return "pbkdf2-sha256$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  /** PBKDF2-HMAC-SHA256 with a 256-bit output: what {@link #hash} stores after the salt. */
  public static byte[] derive(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    }
  }
}

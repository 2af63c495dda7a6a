package io.argusvms.system;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Password hashes that are not password-equivalent. A password's PBKDF2-HMAC-SHA256 output (the
 * <em>salted password</em>) gives a <em>client key</em> (an HMAC of it), and only the client key's
 * SHA-256, the <em>stored key</em>, is kept: {@code argus-sk-sha256$<iterations>$<salt>$<storedKey>}
 * (Base64). Checking a password recomputes the stored key; a proof for a sealed call or a join
 * ({@code JoinCrypto}) needs the client key, which the database does not hold, so a stolen
 * database does not let anyone sign in as its users (the SCRAM construction, RFC 5802).
 *
 * <p>Hashes of the first release ({@code pbkdf2-sha256$...}, the salted password itself) are still
 * read: their stored key is computed on the fly, and a user's next password change replaces them.
 */
public final class PasswordHasher {
  /** About 60 ms per check on this project's 2-core reference machine. */
  public static final int ITERATIONS = 120_000;
  static final String FORMAT = "argus-sk-sha256";
  private static final String FIRST_FORMAT = "pbkdf2-sha256";

  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHasher() {}

  public static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return format(ITERATIONS, salt, storedKey(clientKey(derive(password, salt, ITERATIONS))));
  }

  public static boolean matches(String password, String stored) {
    if (password == null) return false;
    return parse(stored).map(p -> MessageDigest.isEqual(p.storedKey(),
        storedKey(clientKey(derive(password, p.salt(), p.iterations()))))).orElse(false);
  }

  /** A stored hash taken apart: salt and count of the PBKDF2 step, and the stored key. */
  public record Parsed(int iterations, byte[] salt, byte[] storedKey) {}

  /** The parts of a stored hash; empty when it is not in one of this class's formats. */
  public static Optional<Parsed> parse(String stored) {
    if (stored == null) return Optional.empty();
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !(parts[0].equals(FORMAT) || parts[0].equals(FIRST_FORMAT))) return Optional.empty();
    try {
      byte[] last = Base64.getDecoder().decode(parts[3]);
      return Optional.of(new Parsed(Integer.parseInt(parts[1]), Base64.getDecoder().decode(parts[2]),
          parts[0].equals(FORMAT) ? last : storedKey(clientKey(last))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The key a caller proves it holds: an HMAC of the salted password. Never stored. */
  public static byte[] clientKey(byte[] saltedPassword) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(saltedPassword, "HmacSHA256"));
      return mac.doFinal("Client Key".getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** What the database keeps of a client key. */
  public static byte[] storedKey(byte[] clientKey) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(clientKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static String format(int iterations, byte[] salt, byte[] storedKey) {
    Base64.Encoder b64 = Base64.getEncoder();
    return FORMAT + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(storedKey);
  }

  /** PBKDF2-HMAC-SHA256 with a 256-bit output: the salted password. */
  public static byte[] derive(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    }
  }
}

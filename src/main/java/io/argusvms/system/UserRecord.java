package io.argusvms.system;


/**
 * A user of the System. The password is kept only as a PBKDF2 hash.
 *
 * @param role "admin" (may change anything) or "viewer" (may watch and play)
 */
public record UserRecord(String username, String role, String passwordHash) implements CborSerializable {
  public static final String ADMIN = "admin";
  public static final String VIEWER = "viewer";
}

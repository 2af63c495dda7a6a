package io.argusvms.http;

/** Who is calling: a user name and its role ("admin" may change things, "viewer" may only read). */
public record Principal(String username, String role) {
  public static final String ADMIN = "admin";
  public static final String VIEWER = "viewer";

  public boolean isAdmin() {
    return ADMIN.equals(role);
  }
}

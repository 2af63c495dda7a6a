package io.argusvms.recording.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Authorization header for a camera's challenge: Digest (RFC 2617, MD5, qop "auth" or none),
 * which most cameras ask for, else Basic. Holds the challenge, so every later request is
 * authorized without another round trip.
 */
public final class Authenticator {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String username;
  private final String password;
  private final Map<String, String> digest; // the challenge's parameters; null for Basic
  private final String cnonce;
  private int nonceCount;

  private Authenticator(String username, String password, Map<String, String> digest, String cnonce) {
    this.username = username;
    this.password = password;
    this.digest = digest;
    this.cnonce = cnonce;
  }

  /**
   * @param challenges the WWW-Authenticate values of a 401, one per line
   * @return empty when no challenge is one this class answers
   */
  public static Optional<Authenticator> forChallenge(String challenges, String username, String password) {
    return forChallenge(challenges, username, password, randomHex());
  }

  /** With a given client nonce (tests). */
  static Optional<Authenticator> forChallenge(String challenges, String username, String password, String cnonce) {
    if (challenges == null) return Optional.empty();
    String basic = null;
    for (String c : challenges.split("\n")) {
      String t = c.trim();
      if (t.regionMatches(true, 0, "Digest ", 0, 7)) {
        Map<String, String> p = params(t.substring(7));
        String algorithm = p.getOrDefault("algorithm", "MD5");
        if (p.containsKey("nonce") && algorithm.equalsIgnoreCase("MD5")) {
          return Optional.of(new Authenticator(username, password, p, cnonce));
        }
      } else if (t.regionMatches(true, 0, "Basic", 0, 5)) {
        basic = t;
      }
    }
    return basic == null ? Optional.empty() : Optional.of(new Authenticator(username, password, null, cnonce));
  }

  /** The header value for a request. */
  public String authorization(String method, String uri) {
    if (digest == null) {
      String pair = username + ":" + password;
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    String realm = digest.getOrDefault("realm", "");
    String nonce = digest.get("nonce");
    String ha1 = md5(username + ":" + realm + ":" + password);
    String ha2 = md5(method + ":" + uri);
    String qop = digest.get("qop");
    boolean auth = qop != null && java.util.Arrays.stream(qop.split(","))
        .anyMatch(q -> q.trim().equalsIgnoreCase("auth"));
    StringBuilder h = new StringBuilder("Digest username=\"").append(username)
        .append("\", realm=\"").append(realm).append("\", nonce=\"").append(nonce)
        .append("\", uri=\"").append(uri).append('"');
    if (auth) {
      String nc = String.format(Locale.ROOT, "%08x", ++nonceCount);
      h.append(", response=\"").append(md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2))
          .append("\", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
    } else {
      h.append(", response=\"").append(md5(ha1 + ":" + nonce + ":" + ha2)).append('"');
    }
    if (digest.containsKey("opaque")) h.append(", opaque=\"").append(digest.get("opaque")).append('"');
    if (digest.containsKey("algorithm")) h.append(", algorithm=").append(digest.get("algorithm"));
    return h.toString();
  }

  /** {@code a="x", b=y} into a map with lower-case names; quoted values may hold commas. */
  static Map<String, String> params(String s) {
    Map<String, String> out = new HashMap<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && (s.charAt(i) == ',' || s.charAt(i) == ' ')) i++;
      int eq = s.indexOf('=', i);
      if (eq < 0) break;
      String name = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
      int j = eq + 1;
      String value;
      if (j < s.length() && s.charAt(j) == '"') {
        int end = s.indexOf('"', j + 1);
        if (end < 0) end = s.length();
        value = s.substring(j + 1, end);
        i = end + 1;
      } else {
        int end = s.indexOf(',', j);
        if (end < 0) end = s.length();
        value = s.substring(j, end).trim();
        i = end;
      }
      out.put(name, value);
    }
    return out;
  }

  private static String randomHex() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static String md5(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }
}

package io.argusvms.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A camera URL split into the URL we store and show (never with credentials) and the credentials
 * that were in its userinfo, if any. Accepts {@code rtsp://[user[:pass]@]host[:port][/...]} and
 * {@code demo://...}.
 */
public record CameraUrl(String url, String username, String password) {

  public boolean hasCredentials() {
    return username != null;
  }

  public static CameraUrl parse(String field, String raw) {
    String s = raw.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.startsWith("demo://")) return new CameraUrl(s, null, null);
    if (!lower.startsWith("rtsp://")) {
      throw ApiException.badRequest(field, "must be rtsp://host[:port]/path or demo://name");
    }
    String rest = s.substring("rtsp://".length());
    int authorityEnd = firstOf(rest, "/?#");
    String authority = rest.substring(0, authorityEnd);
    int at = authority.lastIndexOf('@');
    String user = null;
    String pass = null;
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      int colon = userInfo.indexOf(':');
      user = decode(field, colon < 0 ? userInfo : userInfo.substring(0, colon));
      pass = colon < 0 ? "" : decode(field, userInfo.substring(colon + 1));
      if (user.isEmpty()) throw ApiException.badRequest(field, "user name in the URL is empty");
      authority = authority.substring(at + 1);
    }
    String clean = "rtsp://" + authority + rest.substring(authorityEnd);
    URI uri;
    try {
      uri = new URI(clean);
    } catch (URISyntaxException e) {
      throw ApiException.badRequest(field, "is not a valid URL (" + e.getReason() + ")");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) throw ApiException.badRequest(field, "has no host");
    if (uri.getPort() == 0 || uri.getPort() > 65535) throw ApiException.badRequest(field, "port must be 1..65535");
    if (authority.contains(":") && uri.getPort() < 0 && !authority.endsWith("]")) {
      throw ApiException.badRequest(field, "port must be a number");
    }
    return new CameraUrl(clean, user, pass);
  }

  private static int firstOf(String s, String chars) {
    for (int i = 0; i < s.length(); i++) if (chars.indexOf(s.charAt(i)) >= 0) return i;
    return s.length();
  }

  private static String decode(String field, String s) {
    try {
      // URLDecoder turns '+' into a space, which userinfo does not mean: keep '+' literal.
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(field, "has a bad percent-encoding in its credentials");
    }
  }
}

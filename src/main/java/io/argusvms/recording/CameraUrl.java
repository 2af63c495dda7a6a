package io.argusvms.recording;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A camera's stream address: the one parser for camera URLs (the API's validation, the recorder
 * and the reachability probe all use it). Accepts {@code rtsp://[user[:pass]@]host[:port][/...]},
 * {@code rtsps://...} (RTSP over TLS) and {@code demo://name[?options]}. Credentials found in the
 * userinfo are taken out ({@link #username()}, {@link #password()}) and only joined back into the
 * URL handed to FFmpeg ({@link #withCredentials}); {@link #url()} never carries them, so it is what
 * the System stores, shows and logs.
 */
public final class CameraUrl {

  /** The kinds of stream a recording session can open. */
  public enum Kind { RTSP, DEMO }

  private static final int RTSP_PORT = 554;
  private static final int RTSPS_PORT = 322;

  private final Kind kind;
  private final String url; // without userinfo
  private final URI uri;
  private final String username;
  private final String password;

  private CameraUrl(Kind kind, String url, URI uri, String username, String password) {
    this.kind = kind;
    this.url = url;
    this.uri = uri;
    this.username = username;
    this.password = password;
  }

  /**
   * Parses and checks a camera URL.
   *
   * @throws IllegalArgumentException with an operator-readable reason (never the credentials)
   */
  public static CameraUrl parse(String raw) {
    if (raw == null || raw.isBlank()) throw new IllegalArgumentException("no stream URL");
    String s = raw.strip();
    int sep = s.indexOf("://");
    String scheme = sep < 0 ? "" : s.substring(0, sep).toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "demo" -> demo(s);
      case "rtsp", "rtsps" -> rtsp(scheme, s.substring(sep + 3));
      default -> throw new IllegalArgumentException(
          "unsupported URL scheme '" + scheme + "' (expected rtsp://host[:port]/path, rtsps://... or demo://name)");
    };
  }

  private static CameraUrl demo(String s) {
    URI uri = uri(s);
    if (uri.getRawUserInfo() != null || s.substring(7).matches("[^/?#]*@.*")) {
      throw new IllegalArgumentException("a demo:// camera takes no credentials");
    }
    return new CameraUrl(Kind.DEMO, s, uri, null, null);
  }

  private static CameraUrl rtsp(String scheme, String rest) {
    int authorityEnd = firstOf(rest, "/?#");
    String authority = rest.substring(0, authorityEnd);
    int at = authority.lastIndexOf('@');
    String user = null;
    String pass = null;
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      pass = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
      if (user.isEmpty()) throw new IllegalArgumentException("user name in the URL is empty");
      authority = authority.substring(at + 1);
    }
    String clean = scheme + "://" + authority + rest.substring(authorityEnd);
    URI uri = uri(clean);
    if (uri.getHost() == null || uri.getHost().isEmpty()) throw new IllegalArgumentException("RTSP URL without a host");
    if (uri.getPort() == 0 || uri.getPort() > 65535) throw new IllegalArgumentException("port must be 1..65535");
    if (authority.contains(":") && uri.getPort() < 0 && !authority.endsWith("]")) {
      throw new IllegalArgumentException("port must be a number");
    }
    return new CameraUrl(Kind.RTSP, clean, uri, user, pass);
  }

  private static URI uri(String s) {
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URL");
    }
  }

  public Kind kind() {
    return kind;
  }

  /** The address without credentials: what is stored, shown and logged. */
  public String url() {
    return url;
  }

  /** The user name that was in the URL's userinfo (decoded), or null. */
  public String username() {
    return username;
  }

  /** The password that was in the URL's userinfo (decoded; "" when only a user was given), or null. */
  public String password() {
    return password;
  }

  public boolean hasCredentials() {
    return username != null;
  }

  /** The host to connect to (null for demo cameras, which are generated inside the server). */
  public String host() {
    return kind == Kind.DEMO ? null : uri.getHost();
  }

  /** The TCP port to connect to: the URL's, or RTSP's default for its scheme. */
  public int port() {
    if (uri.getPort() > 0) return uri.getPort();
    return "rtsps".equals(uri.getScheme()) ? RTSPS_PORT : RTSP_PORT;
  }

  /** The decoded query (e.g. a demo camera's {@code width=64&fps=5}), or null. */
  public String query() {
    return uri.getQuery();
  }

  /** The address without credentials: safe for logs and error messages. */
  public String redacted() {
    return url;
  }

  /**
   * The URL to open, with percent-encoded credentials as userinfo (FFmpeg decodes them for basic
   * and digest auth). Never log the result.
   */
  public String withCredentials(String user, String pass) {
    if (user == null || user.isEmpty()) return url;
    String userinfo = encode(user) + (pass == null ? "" : ":" + encode(pass));
    int hostStart = url.indexOf("://") + 3;
    return url.substring(0, hostStart) + userinfo + "@" + url.substring(hostStart);
  }

  private static int firstOf(String s, String chars) {
    for (int i = 0; i < s.length(); i++) if (chars.indexOf(s.charAt(i)) >= 0) return i;
    return s.length();
  }

  private static String decode(String s) {
    try {
      // URLDecoder turns '+' into a space, which userinfo does not mean: keep '+' literal.
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad percent-encoding in the URL's credentials");
    }
  }

  /** Percent-encodes all but RFC 3986 unreserved characters. */
  private static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return redacted();
  }
}

package io.argusvms.recording;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * A camera's stream address, checked before anything is opened. Credentials are kept apart from
 * the address and only joined into the URL handed to FFmpeg ({@link #withCredentials}); every
 * string meant for logs or errors comes from {@link #redacted()}.
 */
public final class CameraUrl {

  /** The kinds of stream a recording session can open. */
  public enum Kind { RTSP, DEMO }

  private final Kind kind;
  private final URI uri; // without userinfo

  private CameraUrl(Kind kind, URI uri) {
    this.kind = kind;
    this.uri = uri;
  }

  /**
   * Parses and checks a camera URL: {@code rtsp://host[:port]/path}, {@code rtsps://...} or
   * {@code demo://anything}. Userinfo in the URL is dropped (credentials come separately).
   *
   * @throws IllegalArgumentException with an operator-readable reason (no credentials in it)
   */
  public static CameraUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("no stream URL");
    }
    URI parsed;
    try {
      parsed = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URL");
    }
    String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase();
    Kind kind = switch (scheme) {
      case "rtsp", "rtsps" -> Kind.RTSP;
      case "demo" -> Kind.DEMO;
      default -> throw new IllegalArgumentException(
          "unsupported URL scheme '" + scheme + "' (expected rtsp:// or demo://)");
    };
    if (kind == Kind.RTSP && (parsed.getHost() == null || parsed.getHost().isEmpty())) {
      throw new IllegalArgumentException("RTSP URL without a host");
    }
    try {
      URI bare = new URI(scheme, null, parsed.getHost(), parsed.getPort(), parsed.getPath(),
          parsed.getQuery(), null);
      if (kind == Kind.DEMO && parsed.getHost() == null) {
        bare = new URI(scheme, parsed.getSchemeSpecificPart().replaceFirst("^[^@]*@", ""), null);
      }
      return new CameraUrl(kind, bare);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URL");
    }
  }

  public Kind kind() {
    return kind;
  }

  /** The decoded query (e.g. a demo camera's {@code width=64&fps=5}), or null. */
  public String query() {
    return uri.getQuery();
  }

  /** The address without credentials: safe for logs and error messages. */
  public String redacted() {
    return uri.toString();
  }

  /**
   * The URL to open, with percent-encoded credentials as userinfo (FFmpeg decodes them for basic
   * and digest auth). Never log the result.
   */
  public String withCredentials(String username, String password) {
    if (username == null || username.isEmpty()) {
      return uri.toString();
    }
    String userinfo = encode(username) + (password == null ? "" : ":" + encode(password));
    String s = uri.toString();
    int hostStart = s.indexOf("://") + 3;
    return s.substring(0, hostStart) + userinfo + "@" + s.substring(hostStart);
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

package io.argusvms.join;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The base URL of another Argus server, as an operator types it for a join or a merge: only its
 * scheme, host and port are kept, and every call builds its path on that. A path, query, fragment
 * or credentials in what was typed are dropped or refused, so the URL cannot steer our calls
 * elsewhere on that host (a trailing {@code #} once cut off the path we append: a read of any URL).
 */
public final class ServerUrl {
  private static final Pattern ERROR_CODE = Pattern.compile("\"error\"\\s*:\\s*\"([a-z_]{1,40})\"");

  private ServerUrl() {}

  /**
   * {@code http(s)://host[:port]} of what was typed.
   *
   * @throws IllegalArgumentException with the reason, for anything else than an http(s) URL of a host
   */
  public static String base(String typed) {
    if (typed == null || typed.isBlank()) throw new IllegalArgumentException("no URL");
    URI uri;
    try {
      uri = new URI(typed.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("must be the http:// or https:// URL of a server");
    }
    if (uri.getRawUserInfo() != null) throw new IllegalArgumentException("must not carry credentials");
    if (uri.getHost() == null || uri.getHost().isEmpty()) throw new IllegalArgumentException("has no host");
    if (uri.getPort() == 0 || uri.getPort() > 65535) throw new IllegalArgumentException("port must be 1..65535");
    String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
    return scheme + "://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
  }

  /** The machine code of an error answer ({"error": "..."}) when it is one, never its text. */
  public static String errorCode(String body) {
    Matcher m = ERROR_CODE.matcher(body);
    return m.find() ? m.group(1) : "no error code";
  }
}

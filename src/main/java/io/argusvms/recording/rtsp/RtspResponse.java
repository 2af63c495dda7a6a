package io.argusvms.recording.rtsp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One RTSP response.
 *
 * @param headers by lower-case name; a header sent more than once has its values joined by '\n'
 */
public record RtspResponse(int status, String reason, Map<String, String> headers, byte[] body) {

  /** The header's value, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * A parameter of a header with {@code ;}-separated parameters (Session's {@code timeout=},
   * Transport's {@code interleaved=}), or null.
   */
  public String headerParam(String header, String name) {
    String value = header(header);
    if (value == null) return null;
    for (String p : value.split(";")) {
      String t = p.trim();
      if (t.regionMatches(true, 0, name + "=", 0, name.length() + 1)) return t.substring(name.length() + 1).trim();
    }
    return null;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** "404 Not Found" */
  public String statusLine() {
    return status + (reason.isEmpty() ? "" : " " + reason);
  }
}

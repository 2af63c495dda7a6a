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

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** "404 Not Found" */
  public String statusLine() {
    return status + (reason.isEmpty() ? "" : " " + reason);
  }
}

package io.argusvms.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What one server announces: its System and its own HTTP URL. On the wire a small JSON object,
 * {@code {"argus":1,"systemId","name","version","url"}}, so any tool can listen.
 */
public record Beacon(String systemId, String name, String version, String url) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BYTES = 1400;

  public byte[] encode() {
    byte[] b = JSON.createObjectNode().put("argus", 1).put("systemId", systemId).put("name", name)
        .put("version", version).put("url", url).toString().getBytes(StandardCharsets.UTF_8);
    if (b.length > MAX_BYTES) throw new IllegalStateException("beacon too large: " + b.length + " bytes");
    return b;
  }

  /** Empty for anything that is not an Argus beacon (other software may use the group). */
  public static Optional<Beacon> decode(byte[] data, int length) {
    try {
      JsonNode n = JSON.readTree(new String(data, 0, length, StandardCharsets.UTF_8));
      if (n == null || n.path("argus").asInt() != 1) return Optional.empty();
      String id = n.path("systemId").asText("");
      String url = n.path("url").asText("");
      if (id.isEmpty() || !url.startsWith("http")) return Optional.empty();
      return Optional.of(new Beacon(id, n.path("name").asText(""), n.path("version").asText(""), url));
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}

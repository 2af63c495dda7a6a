package io.argusvms.join;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Optional;

/**
 * A System's cluster TLS key: a PKCS12 store with the System's key pair and self-signed
 * certificate, and its password. Every server of the System holds the same one; a merge hands the
 * survivor's to the merged-away servers (absent: the survivor's cluster is plain TCP).
 */
public record ClusterKey(byte[] pkcs12, String password) {
  public void writeTo(ObjectNode o) {
    o.put("clusterKey", Base64.getEncoder().encodeToString(pkcs12)).put("clusterKeyPassword", password);
  }

  /** @throws IllegalArgumentException when the key is not Base64 */
  public static Optional<ClusterKey> from(JsonNode n) {
    if (n == null || !n.hasNonNull("clusterKey")) return Optional.empty();
    try {
      return Optional.of(new ClusterKey(Base64.getDecoder().decode(n.get("clusterKey").asText()),
          n.path("clusterKeyPassword").asText("")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("clusterKey: not Base64", e);
    }
  }
}

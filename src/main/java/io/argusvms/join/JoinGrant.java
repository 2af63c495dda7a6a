package io.argusvms.join;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a System gives a server that joins it with an administrator's password: the System's
 * identity, its servers' cluster addresses (host:port, online first) and its cluster TLS key
 * (empty: the System's cluster is plain TCP).
 */
public record JoinGrant(String systemId, String name, List<String> seeds, Optional<ClusterKey> clusterKey) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public byte[] toBytes() {
    ObjectNode o = JSON.createObjectNode().put("systemId", systemId).put("name", name);
    seeds.forEach(o.putArray("seeds")::add);
    clusterKey.ifPresent(k -> k.writeTo(o));
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static JoinGrant fromBytes(byte[] bytes) {
    try {
      JsonNode n = JSON.readTree(bytes);
      List<String> seeds = new ArrayList<>();
      n.path("seeds").forEach(s -> seeds.add(s.asText()));
      return new JoinGrant(n.path("systemId").asText(), n.path("name").asText(), List.copyOf(seeds), ClusterKey.from(n));
    } catch (IOException e) {
      throw new UncheckedIOException("the join grant is not JSON", e);
    }
  }
}

package io.argusvms.playback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.KeyframeEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Chunk records as the internal endpoint sends them to other servers:
 * {@code {"startMs","endMs","sizeBytes","sealed","keyframes":[[timeMs,byteOffset],...]}}. The file
 * path stays on its server.
 */
public final class ChunkJson {
  private ChunkJson() {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public static ArrayNode toJson(List<ChunkRecord> chunks) {
    ArrayNode a = MAPPER.createArrayNode();
    for (ChunkRecord c : chunks) {
      ObjectNode o = a.addObject().put("startMs", c.startMs()).put("endMs", c.endMs())
          .put("sizeBytes", c.sizeBytes()).put("sealed", c.sealed());
      ArrayNode k = o.putArray("keyframes");
      for (KeyframeEntry e : c.keyframes()) k.addArray().add(e.timeMs()).add(e.byteOffset());
    }
    return a;
  }

  /** @param source where the chunk lies, kept in {@code path} for logs (e.g. "remote:<serverId>") */
  public static List<ChunkRecord> fromJson(String cameraId, String source, byte[] json) throws IOException {
    JsonNode a = MAPPER.readTree(json);
    if (a == null || !a.isArray()) throw new IOException("not a JSON array of chunks");
    List<ChunkRecord> out = new ArrayList<>(a.size());
    for (JsonNode o : a) {
      List<KeyframeEntry> keyframes = new ArrayList<>();
      for (JsonNode k : o.path("keyframes")) keyframes.add(new KeyframeEntry(k.get(0).asLong(), k.get(1).asLong()));
      out.add(new ChunkRecord(cameraId, o.path("startMs").asLong(), o.path("endMs").asLong(), source,
          o.path("sizeBytes").asLong(), keyframes, o.path("sealed").asBoolean()));
    }
    return out;
  }
}

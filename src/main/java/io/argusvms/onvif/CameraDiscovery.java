package io.argusvms.onvif;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.system.CameraConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The ONVIF devices the System found (GET /api/v1/discovery/cameras): this server's, and every
 * other online server's own list (GET /api/v1/internal/discovery/cameras, asked in parallel with a
 * server token, 2 s each; a server that does not answer in time is left out), one entry per device
 * with every server that saw it, and whether it is already a camera of the System (a camera whose
 * stream is on the device's address). A probe on request probes from this server.
 */
public final class CameraDiscovery {
  /** How long a probe on request waits for answers (devices answer within a second or two). */
  static final long PROBE_WAIT_MS = 3000;
  static final Duration PEER_TIMEOUT = Duration.ofSeconds(2);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A device as listed: what was heard, who heard it, and whether it is added. */
  public record Listed(DeviceTable.Device device, List<String> seenBy, boolean added) {}

  /** Another online server of the System, whose own list is asked for. */
  public record Peer(String serverId, String url) {}

  private final DeviceProbe probe;
  private final String serverId;
  private final Supplier<Collection<CameraConfig>> cameras;
  private final Supplier<List<Peer>> peers;
  private final Supplier<String> serverToken;
  private final Executor blocking;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(PEER_TIMEOUT).build();

  public CameraDiscovery(DeviceProbe probe, String serverId, Supplier<Collection<CameraConfig>> cameras,
      Supplier<List<Peer>> peers, Supplier<String> serverToken, Executor blocking) {
    this.probe = probe;
    this.serverId = serverId;
    this.cameras = cameras;
    this.peers = peers;
    this.serverToken = serverToken;
    this.blocking = blocking;
  }

  /** What this server itself heard. */
  public List<Listed> own() {
    return probe.devices().stream().map(d -> new Listed(d, List.of(serverId), false)).toList();
  }

  /** What every answering server of the System heard, merged by device. */
  public CompletionStage<List<Listed>> systemWide() {
    List<CompletableFuture<List<Listed>>> asked = new ArrayList<>();
    asked.add(CompletableFuture.completedFuture(own()));
    for (Peer p : peers.get()) asked.add(CompletableFuture.supplyAsync(() -> ask(p), blocking));
    return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new))
        .thenApply(done -> merge(asked.stream().flatMap(f -> f.join().stream()).toList()));
  }

  /** Probes from this server now, then lists the System's devices {@link #PROBE_WAIT_MS} later. */
  public CompletionStage<List<Listed>> probeNow() {
    return CompletableFuture.supplyAsync(() -> {
      if (probe.probe()) {
        try {
          Thread.sleep(PROBE_WAIT_MS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return null;
    }, blocking).thenCompose(nothing -> systemWide());
  }

  private List<Listed> ask(Peer p) {
    try {
      HttpRequest r = HttpRequest.newBuilder(URI.create(p.url() + "/api/v1/internal/discovery/cameras"))
          .timeout(PEER_TIMEOUT).header("Authorization", "Bearer " + serverToken.get()).GET().build();
      HttpResponse<byte[]> answer = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
      if (answer.statusCode() != 200) return List.of();
      return fromJson(MAPPER.readTree(answer.body()));
    } catch (Exception e) {
      return List.of(); // not answering in time: its devices are not listed now
    }
  }

  /** One entry per endpoint: the first address heard, every server that saw it, the latest time. */
  List<Listed> merge(List<Listed> all) {
    Set<String> hosts = cameras.get().stream().map(c -> host(c.url())).collect(Collectors.toSet());
    Map<String, DeviceTable.Device> devices = new LinkedHashMap<>();
    Map<String, Set<String>> seenBy = new LinkedHashMap<>();
    for (Listed l : all) {
      DeviceTable.Device d = l.device();
      devices.merge(d.endpoint(), d, (a, b) -> b.lastSeenMs() > a.lastSeenMs()
          ? new DeviceTable.Device(a.endpoint(), a.address(), a.xaddrs(), a.scopes(), a.name(), a.hardware(),
              b.lastSeenMs()) : a);
      seenBy.computeIfAbsent(d.endpoint(), k -> new LinkedHashSet<>()).addAll(l.seenBy());
    }
    return devices.values().stream()
        .map(d -> new Listed(d, List.copyOf(seenBy.get(d.endpoint())), hosts.contains(d.address().toLowerCase(Locale.ROOT))))
        .toList();
  }

  /** The one JSON form of a list, for the API and between servers. */
  public static ArrayNode toJson(List<Listed> found) {
    ArrayNode a = MAPPER.createArrayNode();
    for (Listed l : found) {
      DeviceTable.Device d = l.device();
      ObjectNode o = a.addObject().put("endpoint", d.endpoint()).put("address", d.address())
          .put("lastSeen", Instant.ofEpochMilli(d.lastSeenMs()).toString()).put("added", l.added());
      if (d.name() != null) o.put("name", d.name());
      if (d.hardware() != null) o.put("hardware", d.hardware());
      d.xaddrs().forEach(o.putArray("xaddrs")::add);
      d.scopes().forEach(o.putArray("scopes")::add);
      l.seenBy().forEach(o.putArray("seenBy")::add);
    }
    return a;
  }

  static List<Listed> fromJson(JsonNode a) {
    List<Listed> out = new ArrayList<>();
    if (!a.isArray()) return out;
    for (JsonNode o : a) {
      String endpoint = o.path("endpoint").asText("");
      String address = o.path("address").asText("");
      if (endpoint.isEmpty() || address.isEmpty()) continue;
      long seen;
      try {
        seen = Instant.parse(o.path("lastSeen").asText()).toEpochMilli();
      } catch (java.time.DateTimeException e) {
        seen = 0;
      }
      out.add(new Listed(new DeviceTable.Device(endpoint, address, strings(o.path("xaddrs")), strings(o.path("scopes")),
          o.hasNonNull("name") ? o.get("name").asText() : null, o.hasNonNull("hardware") ? o.get("hardware").asText() : null,
          seen), strings(o.path("seenBy")), false));
    }
    return out;
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    if (a.isArray()) a.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String host(String url) {
    try {
      String h = URI.create(url).getHost();
      return h == null ? "" : h.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}

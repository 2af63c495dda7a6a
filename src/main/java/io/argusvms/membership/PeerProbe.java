package io.argusvms.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argusvms.system.ServerInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Asks another server of this System over HTTP which cluster it is in ({@code GET /api/v1/health},
 * its {@code cluster} part). Used where the cluster itself cannot tell: a server outside this
 * server's cluster ({@link IslandHealer}), or no cluster yet ({@link LoneStart}).
 */
final class PeerProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private PeerProbe() {}

  static HttpClient client(Executor executor) {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).executor(executor).build();
  }

  /** Its cluster when the server answers ready and is in the System {@code systemId}; empty when down, busy or another System's. */
  static Optional<Islands.Side> clusterOf(HttpClient http, ServerInfo server, String systemId) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/health"))
          .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) return Optional.empty();
      JsonNode cluster = JSON.readTree(r.body()).path("cluster");
      if (!systemId.equals(cluster.path("systemId").asText())) return Optional.empty();
      return Optional.of(new Islands.Side(cluster.path("members").asInt(), cluster.path("lowestMember").asText()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception notAnswering) {
      return Optional.empty();
    }
  }
}

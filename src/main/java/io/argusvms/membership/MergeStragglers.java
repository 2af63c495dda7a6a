package io.argusvms.membership;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argusvms.join.ClusterKey;
import io.argusvms.merge.LeaveRequest;
import io.argusvms.merge.SystemExport;
import io.argusvms.system.MergedSystem;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.SystemState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server of a merged-away System that was offline during the merge never heard of it: when it
 * comes back it still holds its old System's database and key, so it cannot reach the servers
 * that switched. The survivor knows it (its record was imported) and kept the old System's token
 * secret ({@link MergedSystem}); when such a server answers over HTTP as a member of a merged
 * System, the survivor tells it to leave with a call sealed with that secret, exactly as the
 * merged-away servers told each other during the merge.
 */
final class MergeStragglers {
  private static final Logger log = LoggerFactory.getLogger(MergeStragglers.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private MergeStragglers() {}

  /**
   * Asks {@code server} (outside this cluster) which System it is in; when that is a System
   * merged into this one, tells it to switch. True when it was told.
   */
  static boolean tellToSwitch(HttpClient http, ServerInfo server, SystemState s, Optional<ClusterKey> key) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/system/info"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) return false;
      String theirs = JSON.readTree(r.body()).path("systemId").asText("");
      MergedSystem merged = s.mergedSystems().get(theirs);
      if (merged == null || merged.tokenKeyBase64().isEmpty()) return false;
      HttpResponse<String> left = new LeaveRequest(theirs, SystemExport.of(s).seedsOnlineFirst(s), true, key)
          .sendWithin(http, server, merged.tokenKey());
      if (left.statusCode() == 202) {
        log.info("server {} ({}) was offline when its System '{}' merged into this one: told it to switch now",
            server.name(), server.url(), merged.name());
        return true;
      }
      log.warn("server {} of the merged System '{}' refused to switch: {} {}", server.name(), merged.name(),
          left.statusCode(), left.body());
      return false;
    } catch (Exception notAnswering) {
      return false;
    }
  }
}

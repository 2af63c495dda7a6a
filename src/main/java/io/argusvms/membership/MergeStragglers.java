package io.argusvms.membership;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argusvms.join.ClusterKey;
import io.argusvms.merge.LeaveRequest;
import io.argusvms.merge.SystemExport;
import io.argusvms.merge.MergeClaims;
import io.argusvms.system.DataKeys;
import io.argusvms.system.MergeClaim;
import io.argusvms.system.MergedSystem;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.SystemState;
import io.argusvms.system.SystemStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
   * Tells every server of {@code outside} that answers as a member of a merged System to switch,
   * unless a merge runs in this System now: between its import (which records the merged System)
   * and its own leave call, telling the other System's servers first raced with that call (the
   * other side was already restarting and answered it with 500, so the merge undid its import while
   * the other side's servers dropped their databases to join this one). Returns how many were
   * asked, -1 when skipped for a running merge.
   */
  static int tellAll(HttpClient http, SystemStore db, List<ServerInfo> outside, SystemState s, Optional<ClusterKey> key) {
    if (outside.isEmpty()) return 0;
    if (mergeRunning(db, System.currentTimeMillis())) return -1;
    for (ServerInfo info : outside) tellToSwitch(http, info, s, key);
    return outside.size();
  }

  /** Whether any server of this System holds a live merge claim (unknown counts as yes: ask again later). */
  static boolean mergeRunning(SystemStore db, long nowMs) {
    Collection<MergeClaim> seen;
    try {
      seen = db.readMajority(DataKeys.MERGE_CLAIMS).toCompletableFuture().get(5, TimeUnit.SECONDS).values();
    } catch (Exception noMajority) {
      try {
        seen = db.readLocal(DataKeys.MERGE_CLAIMS).toCompletableFuture().get(5, TimeUnit.SECONDS).values();
      } catch (Exception e) {
        return true;
      }
    }
    return MergeClaims.running(seen, "", nowMs).isPresent();
  }

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

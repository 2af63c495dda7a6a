package io.argusvms.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.argusvms.system.DataKeys;
import io.argusvms.system.InMemorySystemStore;
import io.argusvms.system.MergeClaim;
import io.argusvms.system.ServerInfo;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The survivor's probe of servers outside its cluster never tells a merged System's server to
 * switch while a merge runs in this System: the merge's own leave call goes first (CI: the probe
 * got there first, the merged-away server was restarting when the merge's call came, answered
 * it 500, and the merge undid its import).
 */
class MergeStragglersTest {
  HttpServer outsider;
  final AtomicInteger asked = new AtomicInteger();
  InMemorySystemStore db;
  ServerInfo other;

  @BeforeEach
  void setUp() throws Exception {
    outsider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    outsider.createContext("/api/v1/system/info", ex -> {
      asked.incrementAndGet();
      byte[] body = "{\"systemId\":\"not-merged\"}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    outsider.start();
    db = new InMemorySystemStore();
    other = new ServerInfo("b", "b", "http://127.0.0.1:" + outsider.getAddress().getPort(), "pekko://argus@127.0.0.1:1",
        true, 10);
  }

  @AfterEach
  void tearDown() {
    outsider.stop(0);
  }

  @Test
  void asksServersOutsideTheClusterWhenNoMergeRuns() {
    int told = MergeStragglers.tellAll(HttpClient.newHttpClient(), db, List.of(other), db.state(), Optional.empty());
    assertEquals(1, told);
    assertEquals(1, asked.get(), "it asked which System the outsider is in");
  }

  @Test
  void leavesThemAloneWhileAMergeRunsOnAnyServerOfThisSystem() {
    long now = System.currentTimeMillis();
    db.writeMajority(DataKeys.MERGE_CLAIMS, "s2", new MergeClaim("s2", now, now + 60_000));
    int told = MergeStragglers.tellAll(HttpClient.newHttpClient(), db, List.of(other), db.state(), Optional.empty());
    assertEquals(-1, told);
    assertEquals(0, asked.get());
  }

  @Test
  void anExpiredClaimDoesNotHoldThemBack() {
    long now = System.currentTimeMillis();
    db.writeMajority(DataKeys.MERGE_CLAIMS, "s2", new MergeClaim("s2", now - 300_000, now - 1));
    assertEquals(1, MergeStragglers.tellAll(HttpClient.newHttpClient(), db, List.of(other), db.state(), Optional.empty()));
  }
}

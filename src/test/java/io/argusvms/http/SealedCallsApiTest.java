package io.argusvms.http;

import static io.argusvms.http.ApiTestServer.assertError;
import static io.argusvms.http.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.join.SealedSession;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The internal System endpoints take only sealed calls, and answer sealed. */
class SealedCallsApiTest {
  static ApiTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new ApiTestServer();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static SealedSession asUser(String user, String password) throws Exception {
    JsonNode challenge = json(server.send(server.request("/api/v1/system/join?username=" + user).GET().build()));
    return SealedSession.forUser(user, io.argusvms.join.JoinCrypto.clientKey(password, challenge).orElseThrow(),
        challenge.get("nonce").asText());
  }

  static HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
    var b = server.request(path).header("Authorization", authorization).header("Content-Type", "application/json")
        .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(body));
    return server.send(b.build());
  }

  /** A call signed by the session for exactly what it sends. */
  static HttpResponse<String> call(String method, String path, SealedSession s, String body) throws Exception {
    return call(method, path, s.authorization(SealedSession.Call.of(method, path, body)), body);
  }

  static String auth(SealedSession s, String method, String path) {
    return s.authorization(SealedSession.Call.of(method, path, null));
  }

  @Test
  void anAdministratorsSealedCallIsAnsweredSealed() throws Exception {
    SealedSession s = asUser("admin", "admin-pw");
    HttpResponse<String> r = call("GET", "/api/v1/internal/system/export", s, null);
    assertEquals(200, r.statusCode(), r.body());
    assertFalse(r.body().contains("argus-system-export"), "sealed: " + r.body());
    assertEquals("argus-system-export", Json.MAPPER.readTree(s.open(json(r))).get("format").asText());
  }

  @Test
  void aSealedLeaveRequestIsOpenedAndAnUnsealedOneRefused() throws Exception {
    String leave = "{\"systemId\":\"sys-1\",\"seeds\":[\"127.0.0.1:7002\"],\"fanOut\":false}";
    SealedSession s = asUser("admin", "admin-pw");
    assertEquals(202, call("POST", "/api/v1/internal/system/leave", s, s.seal(leave)).statusCode());
    SealedSession plain = asUser("admin", "admin-pw");
    assertError(call("POST", "/api/v1/internal/system/leave", plain, leave), 400, "sealed");
    SealedSession mine = asUser("admin", "admin-pw");
    SealedSession other = asUser("admin", "admin-pw");
    assertError(call("POST", "/api/v1/internal/system/leave", mine, other.seal(leave)), 400, "sealed");
  }

  /** Audit finding: a header taken from a log was replayed five minutes long, on any endpoint. */
  @Test
  void aSealedHeaderOpensOneCallOnlyTheOneItWasMadeFor() throws Exception {
    String leave = "{\"systemId\":\"sys-1\",\"seeds\":[\"127.0.0.1:7002\"],\"fanOut\":false}";
    SealedSession s = asUser("admin", "admin-pw");
    String sealedLeave = s.seal(leave);
    String header = s.authorization(SealedSession.Call.of("POST", "/api/v1/internal/system/leave", sealedLeave));
    // Another path, another method, another body: refused, and the nonce is not spent by them.
    assertError(call("POST", "/api/v1/internal/system/import", header, sealedLeave), 401, "Log in");
    assertError(call("GET", "/api/v1/internal/system/export", header, null), 401, "Log in");
    assertError(call("POST", "/api/v1/internal/system/leave", header, s.seal(leave)), 401, "Log in");
    assertError(call("POST", "/api/v1/users", header, "{\"username\":\"evil\",\"role\":\"admin\",\"password\":\"evil-pw-1\"}"),
        401, "internal/system");
    assertEquals(202, call("POST", "/api/v1/internal/system/leave", header, sealedLeave).statusCode());
    // The same call again: a copy.
    assertError(call("POST", "/api/v1/internal/system/leave", header, sealedLeave), 401, "Log in");

    byte[] secret = TestSystem.SECRET;
    SealedSession sys = SealedSession.forSystem(secret, server.clock.millis(), "s1");
    String sysHeader = auth(sys, "GET", "/api/v1/internal/system/cluster-key");
    assertEquals(200, call("GET", "/api/v1/internal/system/cluster-key", sysHeader, null).statusCode());
    assertError(call("GET", "/api/v1/internal/system/cluster-key", sysHeader, null), 401, "Log in");
    SealedSession sys2 = SealedSession.forSystem(secret, server.clock.millis(), "s1");
    assertError(call("GET", "/api/v1/internal/system/export", auth(sys2, "GET", "/api/v1/internal/system/cluster-key"), null),
        401, "Log in");
  }

  @Test
  void parallelCopiesOfOneSealedCallAreAnsweredOnce() throws Exception {
    SealedSession s = asUser("admin", "admin-pw");
    String header = auth(s, "GET", "/api/v1/internal/system/cluster-key");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Integer>> tries = new java.util.ArrayList<>();
      for (int i = 0; i < 16; i++) {
        tries.add(pool.submit(() -> call("GET", "/api/v1/internal/system/cluster-key", header, null).statusCode()));
      }
      int answered = 0;
      for (var t : tries) if (t.get() == 200) answered++;
      assertEquals(1, answered);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void bearerTokensWrongPasswordsAndViewersAreRefused() throws Exception {
    assertError(call("GET", "/api/v1/internal/system/export", "Bearer " + server.adminToken(), null), 400, "sealed");
    assertError(call("GET", "/api/v1/internal/system/export", asUser("admin", "guess"), null), 401, "Log in");
    assertError(call("GET", "/api/v1/internal/system/export", asUser("watcher", "viewer-pw"), null), 403, "administrator");
  }

  @Test
  void theSystemsOwnServersCallWithItsSecretWithinFiveMinutes() throws Exception {
    byte[] secret = TestSystem.SECRET;
    long now = server.clock.millis();
    String path = "/api/v1/internal/system/cluster-key";
    SealedSession s = SealedSession.forSystem(secret, now, "s1");
    HttpResponse<String> r = call("GET", path, s, null);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("{}", s.open(json(r)));
    assertError(call("GET", path, SealedSession.forSystem("another-system".getBytes(StandardCharsets.UTF_8), now, "s1"), null),
        401, "Log in");
    assertError(call("GET", path, SealedSession.forSystem(secret, now - SealedSession.SYSTEM_NONCE_SKEW_MS - 1, "s1"), null),
        401, "Log in");
    // Made for another server of the System: this one does not take it (a copy of a call to s2
    // cannot be replayed here).
    assertError(call("GET", path, SealedSession.forSystem(secret, now, "s2"), null), 401, "Log in");
  }

  @Test
  void wrongSealedProofsLockTheNameLikeWrongPasswords() throws Exception {
    assertEquals(201, server.send("POST", "/api/v1/users", server.adminToken(),
        "{\"username\":\"locky\",\"role\":\"admin\",\"password\":\"locky-pw-1\"}").statusCode());
    for (int i = 0; i < 5; i++) {
      assertError(call("GET", "/api/v1/internal/system/cluster-key", asUser("locky", "guess-" + i), null), 401, "Log in");
    }
    assertError(call("GET", "/api/v1/internal/system/cluster-key", asUser("locky", "locky-pw-1"), null), 401, "Log in");
    assertError(server.send("POST", "/api/v1/login", null, "{\"username\":\"locky\",\"password\":\"locky-pw-1\"}"),
        429, "Too many");
  }

  /** Pekko used to log a header it cannot parse in full: our sealed Authorization schemes are such headers. */
  @Test
  void sealedAuthorizationHeadersNeverReachTheLog() throws Exception {
    ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
        org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    root.addAppender(logged);
    try {
      String authorization = auth(asUser("admin", "admin-pw"), "GET", "/api/v1/internal/system/cluster-key");
      call("GET", "/api/v1/internal/system/cluster-key", authorization, null);
      call("GET", "/api/v1/internal/system/export", "Argus-Sealed not-even-base64 " + "x".repeat(40), null);
      Thread.sleep(500); // the log is written asynchronously
      String secret = authorization.substring(authorization.indexOf(' ') + 1);
      for (var e : logged.list) {
        assertTrue(!e.getFormattedMessage().contains(secret) && !e.getFormattedMessage().contains("not-even-base64"),
            "a credential in the log: " + e.getFormattedMessage());
      }
    } finally {
      root.detachAppender(logged);
    }
  }
}

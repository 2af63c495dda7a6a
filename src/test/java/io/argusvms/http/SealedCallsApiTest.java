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
    return SealedSession.forUser(user, io.argusvms.join.JoinCrypto.passwordKey(password, challenge).orElseThrow(),
        challenge.get("nonce").asText());
  }

  static HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
    var b = server.request(path).header("Authorization", authorization).header("Content-Type", "application/json")
        .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(body));
    return server.send(b.build());
  }

  @Test
  void anAdministratorsSealedCallIsAnsweredSealed() throws Exception {
    SealedSession s = asUser("admin", "admin-pw");
    HttpResponse<String> r = call("GET", "/api/v1/internal/system/export", s.authorization(), null);
    assertEquals(200, r.statusCode(), r.body());
    assertFalse(r.body().contains("argus-system-export"), "sealed: " + r.body());
    assertEquals("argus-system-export", Json.MAPPER.readTree(s.open(json(r))).get("format").asText());
  }

  @Test
  void aSealedLeaveRequestIsOpenedAndAnUnsealedOneRefused() throws Exception {
    SealedSession s = asUser("admin", "admin-pw");
    String leave = "{\"systemId\":\"sys-1\",\"seeds\":[\"127.0.0.1:7002\"],\"fanOut\":false}";
    assertEquals(202, call("POST", "/api/v1/internal/system/leave", s.authorization(), s.seal(leave)).statusCode());
    assertError(call("POST", "/api/v1/internal/system/leave", s.authorization(), leave), 400, "sealed");
    SealedSession other = asUser("admin", "admin-pw");
    assertError(call("POST", "/api/v1/internal/system/leave", s.authorization(), other.seal(leave)), 400, "sealed");
  }

  @Test
  void bearerTokensWrongPasswordsAndViewersAreRefused() throws Exception {
    assertError(call("GET", "/api/v1/internal/system/export", "Bearer " + server.adminToken(), null), 400, "sealed");
    assertError(call("GET", "/api/v1/internal/system/export", asUser("admin", "guess").authorization(), null), 401, "Log in");
    assertError(call("GET", "/api/v1/internal/system/export", asUser("watcher", "viewer-pw").authorization(), null),
        403, "administrator");
  }

  @Test
  void theSystemsOwnServersCallWithItsSecretWithinFiveMinutes() throws Exception {
    byte[] secret = TestSystem.SECRET;
    long now = server.clock.millis();
    SealedSession s = SealedSession.forSystem(secret, now);
    HttpResponse<String> r = call("GET", "/api/v1/internal/system/cluster-key", s.authorization(), null);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("{}", s.open(json(r)));
    assertError(call("GET", "/api/v1/internal/system/cluster-key",
        SealedSession.forSystem("another-system".getBytes(StandardCharsets.UTF_8), now).authorization(), null), 401, "Log in");
    assertError(call("GET", "/api/v1/internal/system/cluster-key",
        SealedSession.forSystem(secret, now - SealedSession.SYSTEM_NONCE_SKEW_MS - 1).authorization(), null), 401, "Log in");
  }

  @Test
  void wrongSealedProofsLockTheNameLikeWrongPasswords() throws Exception {
    assertEquals(201, server.send("POST", "/api/v1/users", server.adminToken(),
        "{\"username\":\"locky\",\"role\":\"admin\",\"password\":\"locky-pw-1\"}").statusCode());
    for (int i = 0; i < 5; i++) {
      assertError(call("GET", "/api/v1/internal/system/cluster-key", asUser("locky", "guess-" + i).authorization(), null),
          401, "Log in");
    }
    assertError(call("GET", "/api/v1/internal/system/cluster-key", asUser("locky", "locky-pw-1").authorization(), null),
        401, "Log in");
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
      String authorization = asUser("admin", "admin-pw").authorization();
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

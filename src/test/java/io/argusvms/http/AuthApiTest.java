package io.argusvms.http;

import static io.argusvms.http.ApiTestServer.assertError;
import static io.argusvms.http.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.system.ArgusVersion;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthApiTest {
  static ApiTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new ApiTestServer();
    server.backend.putCamera("cam-a", "Front door");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void loginReturnsATokenThatExpiresAfterTheConfiguredTtl() throws Exception {
    HttpResponse<String> r = server.send("POST", "/api/v1/login", null, "{\"username\":\"admin\",\"password\":\"admin-pw\"}");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode body = json(r);
    assertEquals(ApiTestServer.START.toEpochMilli() + Duration.ofHours(1).toMillis(), body.get("expiresAt").asLong());
    assertEquals(200, server.get("/api/v1/cameras", body.get("token").asText()).statusCode());
  }

  @Test
  void wrongPasswordIs401Json() throws Exception {
    assertError(server.send("POST", "/api/v1/login", null, "{\"username\":\"admin\",\"password\":\"nope\"}"), 401, "Wrong");
    assertError(server.send("POST", "/api/v1/login", null, "{\"username\":\"ghost\",\"password\":\"x\"}"), 401, "Wrong");
  }

  @Test
  void loginWithoutPasswordNamesTheField() throws Exception {
    assertError(server.send("POST", "/api/v1/login", null, "{\"username\":\"admin\"}"), 400, "password");
  }

  @Test
  void everyProtectedEndpointNeeds401WithoutCredentials() throws Exception {
    List<String> paths = List.of("/api/v1/system", "/api/v1/servers", "/api/v1/servers/s1", "/api/v1/cameras",
        "/api/v1/cameras/cam-a", "/api/v1/cameras/cam-a/periods?from=1&to=2",
        "/api/v1/cameras/cam-a/archive.m3u8?from=1&to=2", "/api/v1/cameras/cam-a/live.m3u8",
        "/api/v1/cameras/cam-a/export.mp4?from=1&to=2", "/api/v1/cameras/cam-a/chunks/1.ts", "/metrics");
    for (String p : paths) {
      HttpResponse<String> r = server.send(server.request(p).GET().build());
      assertError(r, 401, "Log in");
      assertTrue(r.headers().firstValue("WWW-Authenticate").isPresent(), p);
    }
    assertError(server.send("POST", "/api/v1/cameras", null, "{}"), 401, "Log in");
    assertError(server.send("DELETE", "/api/v1/cameras/cam-a", null, null), 401, "Log in");
  }

  @Test
  void healthInfoOpenApiAndIndexArePublic() throws Exception {
    JsonNode health = json(server.send(server.request("/api/v1/health").GET().build()));
    assertEquals("ok", health.get("status").asText());
    assertEquals("s1", health.get("serverId").asText());
    JsonNode info = json(server.send(server.request("/api/v1/system/info").GET().build()));
    assertEquals("sys-1", info.get("systemId").asText());
    assertEquals(ArgusVersion.VERSION, info.get("version").asText());
    HttpResponse<String> openapi = server.send(server.request("/api/v1/openapi.json").GET().build());
    assertEquals(200, openapi.statusCode());
    assertTrue(json(openapi).path("paths").has("/api/v1/cameras"), "openapi lists the camera endpoints");
    HttpResponse<String> index = server.send(server.request("/").GET().build());
    assertEquals(200, index.statusCode());
    assertTrue(index.body().contains("Argus"));
  }

  @Test
  void viewerMayReadButGets403OnEveryWrite() throws Exception {
    String viewer = server.viewerToken();
    assertEquals(200, server.get("/api/v1/cameras", viewer).statusCode());
    assertEquals(200, server.get("/api/v1/servers", viewer).statusCode());
    assertError(server.send("POST", "/api/v1/cameras", viewer, "{\"name\":\"x\",\"url\":\"demo://x\"}"), 403, "administrator");
    assertError(server.send("PATCH", "/api/v1/cameras/cam-a", viewer, "{\"name\":\"x\"}"), 403, "administrator");
    assertError(server.send("DELETE", "/api/v1/cameras/cam-a", viewer, null), 403, "administrator");
    assertError(server.send("PATCH", "/api/v1/servers/s1", viewer, "{\"maxCameras\":3}"), 403, "administrator");
    assertError(server.send("PATCH", "/api/v1/system", viewer, "{\"name\":\"x\"}"), 403, "administrator");
    assertTrue(server.backend.config("cam-a").isPresent(), "nothing was deleted");
  }

  @Test
  void basicAuthWorksAndAWrongBasicPasswordIs401() throws Exception {
    HttpResponse<String> ok = server.send(server.request("/api/v1/cameras")
        .header("Authorization", ApiTestServer.basic("watcher", "viewer-pw")).GET().build());
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("cam-a", json(ok).get(0).get("id").asText());
    HttpResponse<String> bad = server.send(server.request("/api/v1/cameras")
        .header("Authorization", ApiTestServer.basic("watcher", "wrong")).GET().build());
    assertError(bad, 401, "Log in");
  }

  @Test
  void tokenInQueryWorksForReadsOnly() throws Exception {
    String admin = server.adminToken();
    assertEquals(200, server.send(server.request("/api/v1/cameras?token=" + admin).GET().build()).statusCode());
    HttpResponse<String> post = server.send(server.request("/api/v1/cameras?token=" + admin)
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"url\":\"demo://x\"}")).build());
    assertError(post, 401, "Log in");
  }

  @Test
  void tamperedTokenIsRejected() throws Exception {
    String token = server.viewerToken();
    String payload = token.substring(0, token.indexOf('.'));
    String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(java.util.Base64.getUrlDecoder().decode(payload)).replace("viewer", "admin").getBytes());
    String forged = forgedPayload + token.substring(token.indexOf('.'));
    assertError(server.get("/api/v1/cameras", forged), 401, "Log in");
    assertError(server.get("/api/v1/cameras", "garbage"), 401, "Log in");
  }

  @Test
  void aTokenFollowsItsUserRemovedDemotedOrWithANewPassword() throws Exception {
    String admin = server.adminToken();
    assertEquals(201, server.send("POST", "/api/v1/users", admin,
        "{\"username\":\"temp\",\"role\":\"admin\",\"password\":\"temp-pw-1\"}").statusCode());
    String temp = server.login("temp", "temp-pw-1");
    assertEquals(200, server.get("/api/v1/users", temp).statusCode());

    assertEquals(200, server.send("PATCH", "/api/v1/users/temp", admin, "{\"role\":\"viewer\"}").statusCode());
    assertError(server.send("POST", "/api/v1/users", temp, "{\"username\":\"x\",\"password\":\"x-pw-12\"}"),
        403, "viewer");

    assertEquals(200, server.send("PATCH", "/api/v1/users/temp", admin, "{\"password\":\"temp-pw-2\"}").statusCode());
    assertError(server.get("/api/v1/cameras", temp), 401, "Log in");
    String again = server.login("temp", "temp-pw-2");
    assertEquals(200, server.get("/api/v1/cameras", again).statusCode());

    assertEquals(204, server.send("DELETE", "/api/v1/users/temp", admin, null).statusCode());
    assertError(server.get("/api/v1/cameras", again), 401, "Log in");
    assertError(server.send(server.request("/api/v1/cameras/cam-a/live.m3u8?token=" + again).GET().build()), 401, "Log in");
  }

  /** The lockout holds under parallel guessing: at most five guesses are ever checked. */
  @Test
  void fortyParallelGuessesGetAtMostFiveChecksAndTheRightPasswordIsLockedOutToo() throws Exception {
    server.backend.putUser("target", "target-pw-1", "viewer");
    java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> all = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String password = i == 20 ? "target-pw-1" : "guess-" + i;
      all.add(server.client.sendAsync(server.request("/api/v1/login").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"target\",\"password\":\"" + password + "\"}"))
          .build(), HttpResponse.BodyHandlers.ofString()));
    }
    int checkedWrong = 0;
    int locked = 0;
    int loggedIn = 0;
    for (var f : all) {
      int status = f.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode();
      if (status == 401) checkedWrong++;
      if (status == 429) locked++;
      if (status == 200) loggedIn++;
    }
    assertTrue(checkedWrong + loggedIn <= 5, "checked " + (checkedWrong + loggedIn) + " of 40 guesses");
    assertEquals(40, checkedWrong + locked + loggedIn);
    HttpResponse<String> after = server.send("POST", "/api/v1/login", null,
        "{\"username\":\"target\",\"password\":\"target-pw-1\"}");
    assertEquals(429, after.statusCode(), "locked: " + after.body());
  }

  @Test
  void loginNamesAndBodiesAreBounded() throws Exception {
    assertError(server.send("POST", "/api/v1/login", null,
        "{\"username\":\"" + "n".repeat(65) + "\",\"password\":\"x\"}"), 400, "username");
    HttpResponse<String> huge = server.send("POST", "/api/v1/login", null,
        "{\"username\":\"" + "n".repeat(1_000_000) + "\",\"password\":\"x\"}");
    assertError(huge, 413, "size limit");
  }

  /** An unknown user name costs the same hashing as a real one: the answer's time does not tell. */
  @Test
  void unknownAndKnownUserNamesTakeAlikeTimeToRefuse() throws Exception {
    long[] known = new long[5];
    long[] unknown = new long[5];
    for (int i = 0; i < 5; i++) {
      // Different names each time: the throttle delays repeated failures of one name.
      server.backend.putUser("timed-" + i, "timed-pw-" + i, "viewer");
      long t = System.nanoTime();
      server.send("POST", "/api/v1/login", null, "{\"username\":\"timed-" + i + "\",\"password\":\"wrong\"}");
      known[i] = System.nanoTime() - t;
      t = System.nanoTime();
      server.send("POST", "/api/v1/login", null, "{\"username\":\"nobody-" + i + "\",\"password\":\"wrong\"}");
      unknown[i] = System.nanoTime() - t;
    }
    java.util.Arrays.sort(known);
    java.util.Arrays.sort(unknown);
    assertTrue(unknown[2] * 10 >= known[2] * 3, "median unknown " + unknown[2] / 1_000_000 + " ms, known "
        + known[2] / 1_000_000 + " ms");
  }

  @Test
  void aBodyThatIsNotSentAsJsonIsRefused() throws Exception {
    HttpResponse<String> r = server.send(server.request("/api/v1/cameras").header("Authorization", "Bearer "
        + server.adminToken()).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"url\":\"demo://x\"}")).build());
    assertError(r, 415, "application/json");
  }

  @Test
  void everyResponseCarriesTheBrowserHardeningHeadersAndNoServerVersion() throws Exception {
    for (HttpResponse<String> r : List.of(server.send(server.request("/").GET().build()),
        server.send(server.request("/api/v1/health").GET().build()),
        server.send(server.request("/api/v1/cameras").GET().build()))) {
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), r.uri().toString());
      assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(""));
      assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(""));
      String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
      assertTrue(r.headers().firstValue("Server").isEmpty(), "no Server header: " + r.headers().firstValue("Server"));
    }
  }

  /**
   * With the token secret alone (read from a data folder, say) a token for a user that does not
   * exist, or without the user's credential tag, is refused; the tokens servers mint for each other
   * read archives only, and only for a minute.
   */
  @Test
  void onlyUsersTokensAndShortServerTokensForArchiveReadsAreAccepted() throws Exception {
    String forged = server.backend.tokens.issue(new Principal("ghost", "admin")).token();
    assertError(server.get("/api/v1/cameras", forged), 401, "Log in");
    assertError(server.send("POST", "/api/v1/users", forged,
        "{\"username\":\"evil\",\"password\":\"evil-password\",\"role\":\"admin\"}"), 401, "Log in");
    String untagged = server.backend.tokens.issue(new Principal("admin", "admin")).token();
    assertError(server.get("/api/v1/cameras", untagged), 401, "Log in");

    String serverToken = server.backend.tokens.serverToken("s2").get();
    assertEquals(200, server.get("/api/v1/internal/cameras/cam-a/chunks?from=0&to=60000", serverToken).statusCode());
    assertError(server.get("/api/v1/cameras", serverToken), 403, "archives only");
    assertError(server.get("/api/v1/users", serverToken), 403, "archives only");
    server.clock.advance(Duration.ofSeconds(61));
    try {
      assertError(server.get("/api/v1/internal/cameras/cam-a/chunks?from=0&to=60000", serverToken), 401, "Log in");
    } finally {
      server.clock.advance(Duration.ofSeconds(-61));
    }
  }
}

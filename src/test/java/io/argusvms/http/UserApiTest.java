package io.argusvms.http;

import static io.argusvms.http.ApiTestServer.assertError;
import static io.argusvms.http.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UserApiTest {
  static ApiTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new ApiTestServer();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void adminAddsChangesAndRemovesAUser() throws Exception {
    String admin = server.adminToken();
    HttpResponse<String> created = server.send("POST", "/api/v1/users", admin,
        "{\"username\":\"carol\",\"password\":\"carol-pw-1\",\"role\":\"viewer\"}");
    assertEquals(201, created.statusCode(), created.body());
    assertEquals("viewer", json(created).get("role").asText());
    assertTrue(server.get("/api/v1/users", admin).body().contains("\"carol\""));
    assertTrue(!server.get("/api/v1/users", admin).body().contains("carol-pw-1"), "no passwords listed");
    server.login("carol", "carol-pw-1");

    HttpResponse<String> patched = server.send("PATCH", "/api/v1/users/carol", admin,
        "{\"password\":\"carol-pw-2\",\"role\":\"admin\"}");
    assertEquals(200, patched.statusCode(), patched.body());
    assertEquals("admin", json(patched).get("role").asText());
    assertError(server.send("POST", "/api/v1/login", null, "{\"username\":\"carol\",\"password\":\"carol-pw-1\"}"),
        401, "Wrong");
    server.login("carol", "carol-pw-2");

    assertEquals(204, server.send("DELETE", "/api/v1/users/carol", admin, null).statusCode());
    assertError(server.send("DELETE", "/api/v1/users/carol", admin, null), 404, "carol");
  }

  @Test
  void badInputNamesTheField() throws Exception {
    String admin = server.adminToken();
    assertError(server.send("POST", "/api/v1/users", admin, "{\"username\":\"dave\",\"password\":\"short\"}"),
        400, "password");
    assertError(server.send("POST", "/api/v1/users", admin,
        "{\"username\":\"dave\",\"password\":\"long-enough\",\"role\":\"root\"}"), 400, "role");
    assertError(server.send("POST", "/api/v1/users", admin, "{\"username\":\"a b\",\"password\":\"long-enough\"}"),
        400, "username");
    assertError(server.send("POST", "/api/v1/users", admin, "{\"username\":\"admin\",\"password\":\"long-enough\"}"),
        409, "exists");
  }

  @Test
  void theLastAdministratorCannotBeRemovedOrDemoted() throws Exception {
    String admin = server.adminToken();
    assertError(server.send("DELETE", "/api/v1/users/admin", admin, null), 409, "last administrator");
    assertError(server.send("PATCH", "/api/v1/users/admin", admin, "{\"role\":\"viewer\"}"), 409, "last administrator");
  }

  @Test
  void viewersMayNotSeeOrChangeUsers() throws Exception {
    String viewer = server.viewerToken();
    assertError(server.get("/api/v1/users", viewer), 403, "administrator");
    assertError(server.send("PATCH", "/api/v1/users/watcher", viewer, "{\"password\":\"new-password\"}"), 403,
        "administrator");
  }

  @Test
  void fiveWrongPasswordsLockTheNameForAMinute() throws Exception {
    String admin = server.adminToken();
    assertEquals(201, server.send("POST", "/api/v1/users", admin,
        "{\"username\":\"erin\",\"password\":\"erin-password\"}").statusCode());
    String wrong = "{\"username\":\"erin\",\"password\":\"guess\"}";
    long started = System.nanoTime();
    for (int i = 0; i < 5; i++) assertError(server.send("POST", "/api/v1/login", null, wrong), 401, "Wrong");
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertTrue(tookMs >= 250 + 500 + 750, "wrong passwords are answered ever later: " + tookMs + " ms");

    HttpResponse<String> locked = server.send("POST", "/api/v1/login", null,
        "{\"username\":\"erin\",\"password\":\"erin-password\"}");
    assertError(locked, 429, "try again");
    assertEquals("60", locked.headers().firstValue("Retry-After").orElse(""));
    HttpResponse<String> basic = server.send(server.request("/api/v1/cameras")
        .header("Authorization", ApiTestServer.basic("erin", "erin-password")).GET().build());
    assertEquals(429, basic.statusCode(), "HTTP Basic is locked too");
    server.login("admin", "admin-pw"); // other names are not affected

    server.clock.advance(Duration.ofSeconds(61));
    server.login("erin", "erin-password");
  }

  /** Four creates of one name at once: one is created, the others are told it exists. */
  @Test
  void parallelCreatesOfOneNameCreateItOnce() throws Exception {
    String admin = server.adminToken();
    var all = new java.util.ArrayList<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>>();
    for (int i = 0; i < 4; i++) {
      all.add(server.client.sendAsync(server.request("/api/v1/users").header("Authorization", "Bearer " + admin)
          .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
              "{\"username\":\"twin\",\"password\":\"twin-password-" + i + "\",\"role\":\"viewer\"}")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()));
    }
    java.util.List<Integer> statuses = new java.util.ArrayList<>();
    for (var f : all) statuses.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode());
    java.util.Collections.sort(statuses);
    assertEquals(java.util.List.of(201, 409, 409, 409), statuses);
  }

  /** Demoting one of two administrators and removing the other at once leaves one of them admin. */
  @Test
  void parallelDemoteAndDeleteOfTheLastTwoAdminsLeaveOne() throws Exception {
    for (int round = 0; round < 5; round++) {
      server.backend.putUser("admin", "admin-pw", "admin");
      server.backend.putUser("deputy", "deputy-pw-1", "admin");
      String admin = server.adminToken();
      var demote = server.client.sendAsync(server.request("/api/v1/users/admin").header("Authorization", "Bearer " + admin)
          .header("Content-Type", "application/json").method("PATCH",
              java.net.http.HttpRequest.BodyPublishers.ofString("{\"role\":\"viewer\"}")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      var remove = server.client.sendAsync(server.request("/api/v1/users/deputy").header("Authorization", "Bearer " + admin)
          .DELETE().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      int a = demote.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode();
      int b = remove.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode();
      long admins = server.backend.store.state().users().values().stream().filter(u -> u.role().equals("admin")).count();
      assertTrue(admins >= 1, "round " + round + ": demote " + a + ", delete " + b + " left no administrator");
    }
    server.backend.putUser("admin", "admin-pw", "admin");
  }
}

package io.argusvms.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users are System-wide: a change made through one server holds on the other at once. */
class UsersSystemTest {
  @TempDir static Path temp;
  static List<ServerProcess> servers;

  @BeforeAll
  static void start() throws Exception {
    servers = ServerProcess.system(temp, 2, List.of("--no-demo"));
    SystemFixture.startAll(servers);
    SystemFixture.serverIds(SystemFixture.login(servers.get(0)), 2);
  }

  @AfterAll
  static void stop() throws Exception {
    if (servers != null) for (ServerProcess s : servers) s.close();
  }

  @Test
  void anAdminPasswordChangedOnOneServerHoldsOnTheOther() throws Exception {
    ApiClient viaA = SystemFixture.login(servers.get(0));
    ApiClient.Response r = viaA.patch("/api/v1/users/admin", "{\"password\":\"a-new-admin-pw\"}");
    assertEquals(200, r.status(), r.body());

    // Written to both servers before the answer; each server's in-memory view follows within ~0.5 s.
    awaitLogin(servers.get(1), "admin", "a-new-admin-pw", 200);
    assertEquals(401, login(servers.get(1), "admin", ServerProcess.ADMIN_PASSWORD));
    ApiClient viaB = new ApiClient(servers.get(1).url()).login("admin", "a-new-admin-pw");

    // The password changed: tokens issued before are refused on every server.
    assertEquals(401, viaA.get("/api/v1/cameras").status(), "the old token is revoked on A");
    assertEquals(401, new ApiClient(servers.get(1).url()).withToken(viaA.token()).get("/api/v1/cameras").status(),
        "and on B");
    viaA.login("admin", "a-new-admin-pw");

    assertEquals(201, viaB.post("/api/v1/users", "{\"username\":\"guard\",\"password\":\"guard-pw-1\"}").status());
    awaitLogin(servers.get(0), "guard", "guard-pw-1", 200);
    ApiClient guardOnB = new ApiClient(servers.get(1).url()).login("guard", "guard-pw-1");
    assertEquals(200, guardOnB.get("/api/v1/cameras").status());
    assertEquals(204, viaA.delete("/api/v1/users/guard").status());
    awaitLogin(servers.get(1), "guard", "guard-pw-1", 401);
    assertEquals(401, guardOnB.get("/api/v1/cameras").status(), "a removed user's token no longer works");

    assertEquals(200, viaB.patch("/api/v1/users/admin", "{\"password\":\"" + ServerProcess.ADMIN_PASSWORD + "\"}").status());
  }

  static void awaitLogin(ServerProcess s, String user, String password, int status) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    int last;
    do {
      last = login(s, user, password);
      if (last == status) return;
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    assertEquals(status, last, "login of " + user + " on " + s.name());
  }

  static int login(ServerProcess s, String user, String password) throws Exception {
    return new ApiClient(s.url()).send("POST", "/api/v1/login",
        "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}", false).status();
  }
}

package io.argusvms.http;

import static io.argusvms.http.ApiTestServer.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Its own server: it moves the clock. */
class TokenExpiryApiTest {
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
  void tokenIsValidUntilItsTtlAndRejectedAfter() throws Exception {
    String token = server.adminToken();
    server.clock.advance(Duration.ofMinutes(59));
    assertEquals(200, server.get("/api/v1/cameras", token).statusCode());
    server.clock.advance(Duration.ofMinutes(1));
    assertError(server.get("/api/v1/cameras", token), 401, "Log in");
  }
}

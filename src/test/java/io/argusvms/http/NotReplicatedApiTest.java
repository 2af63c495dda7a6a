package io.argusvms.http;

import static io.argusvms.http.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A change no majority of servers confirmed in time is stored here and says so (202
 * {"replicated":false}), never a plain 2xx of a durable change (audit: an acknowledged write vanished).
 */
class NotReplicatedApiTest {
  ApiTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new ApiTestServer();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void aChangeWithoutAMajorityIsAnswered202NotReplicatedAndKeptHere() throws Exception {
    String admin = server.adminToken();
    server.backend.store.majorityAnswers(false);
    HttpResponse<String> r = server.send("POST", "/api/v1/cameras", admin,
        "{\"name\":\"cut off\",\"url\":\"demo://x\",\"homeServerId\":\"s1\"}");
    assertEquals(202, r.statusCode(), r.body());
    JsonNode body = json(r);
    assertFalse(body.get("replicated").asBoolean(true), r.body());
    assertEquals("cut off", body.path("name").asText(), "the 202 carries the camera it created: " + r.body());
    String id = body.path("id").asText();
    assertEquals("cut off", json(server.get("/api/v1/cameras/" + id, admin)).path("name").asText(), "stored here");

    HttpResponse<String> renamed = server.send("PATCH", "/api/v1/cameras/" + id, admin, "{\"name\":\"renamed\"}");
    assertEquals(202, renamed.statusCode(), renamed.body());
    assertEquals("renamed", json(renamed).path("name").asText(), renamed.body());

    HttpResponse<String> user = server.send("POST", "/api/v1/users", admin,
        "{\"username\":\"late\",\"role\":\"viewer\",\"password\":\"late-pw-123\"}");
    assertEquals(202, user.statusCode(), user.body());
    assertEquals("late", json(user).path("username").asText(), user.body());
    assertFalse(json(user).path("replicated").asBoolean(true), user.body());

    server.backend.store.majorityAnswers(true);
    assertEquals(201, server.send("POST", "/api/v1/cameras", admin,
        "{\"name\":\"answered\",\"url\":\"demo://y\",\"homeServerId\":\"s1\"}").statusCode());
  }
}

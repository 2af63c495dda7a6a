package io.argusvms.http;

import static io.argusvms.http.ApiTestServer.assertError;
import static io.argusvms.http.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.join.ClusterKey;
import io.argusvms.join.JoinClient;
import io.argusvms.join.JoinCrypto;
import io.argusvms.join.JoinGrant;
import io.argusvms.system.PasswordHasher;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET/POST /api/v1/system/join through the real HTTP routes, with the real client. */
class JoinApiTest {
  static ApiTestServer server;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    server = new ApiTestServer();
    // The grant comes from the System's servers (online first) and its cluster key.
    server.backend.clusterKey = Optional.of(new ClusterKey(new byte[] {9, 8, 7}, "store-pw"));
    url = server.uri("").toString();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void anAdministratorsPasswordObtainsTheGrant() throws Exception {
    JoinGrant g = new JoinClient().obtain(List.of(url), "admin", "admin-pw", Duration.ofSeconds(10));
    assertEquals("sys-1", g.systemId());
    assertEquals(List.of("127.0.0.1:7002", "127.0.0.1:7012"), g.seeds());
    assertArrayEquals(new byte[] {9, 8, 7}, g.clusterKey().orElseThrow().pkcs12());
    assertEquals("store-pw", g.clusterKey().orElseThrow().password());
  }

  @Test
  void theWireCarriesNeitherThePasswordNorTheKey() throws Exception {
    JsonNode challenge = json(server.send(server.request("/api/v1/system/join?username=admin").GET().build()));
    String nonce = challenge.get("nonce").asText();
    byte[] key = PasswordHasher.clientKey(PasswordHasher.derive("admin-pw",
        Base64.getDecoder().decode(challenge.get("salt").asText()), challenge.get("iterations").asInt()));
    String body = "{\"username\":\"admin\",\"nonce\":\"" + nonce + "\",\"proof\":\""
        + Base64.getEncoder().encodeToString(JoinCrypto.proof(key, JoinCrypto.joinMessage(nonce))) + "\"}";
    HttpResponse<String> r = server.send("POST", "/api/v1/system/join", null, body);
    assertEquals(200, r.statusCode(), r.body());
    assertFalse(r.body().contains("store-pw") || r.body().contains("7012"), r.body());
    assertFalse(body.contains("admin-pw"));
    JoinGrant g = JoinGrant.fromBytes(JoinCrypto.open(key, nonce, Base64.getDecoder().decode(json(r).get("sealed").asText())));
    assertEquals("sys-1", g.systemId());
    // The same request again (taken from the network): the nonce is spent, nothing is granted.
    assertError(server.send("POST", "/api/v1/system/join", null, body), 400, "nonce");
  }

  /** Audit finding: the stored hash alone built an accepted proof (pass-the-hash). */
  @Test
  void theStoredHashDoesNotJoin() throws Exception {
    String stored = server.backend.services.users().record("admin").orElseThrow().passwordHash();
    byte[] fromTheDatabase = Base64.getDecoder().decode(stored.substring(stored.lastIndexOf('$') + 1));
    for (byte[] key : List.of(fromTheDatabase, PasswordHasher.clientKey(fromTheDatabase))) {
      JsonNode challenge = json(server.send(server.request("/api/v1/system/join?username=admin").GET().build()));
      String nonce = challenge.get("nonce").asText();
      String body = "{\"username\":\"admin\",\"nonce\":\"" + nonce + "\",\"proof\":\""
          + Base64.getEncoder().encodeToString(JoinCrypto.proof(key, JoinCrypto.joinMessage(nonce))) + "\"}";
      assertError(server.send("POST", "/api/v1/system/join", null, body), 401, "Wrong");
    }
  }

  @Test
  void aWrongPasswordIsRefusedAndCountsTowardsTheLockout() {
    JoinClient.Refused e = assertThrows(JoinClient.Refused.class,
        () -> new JoinClient().obtain(List.of(url), "admin", "wrong", Duration.ofSeconds(10)));
    assertTrue(e.getMessage().toLowerCase().contains("wrong user name or password"), e.getMessage());
    JoinClient.Refused ghost = assertThrows(JoinClient.Refused.class,
        () -> new JoinClient().obtain(List.of(url), "ghost", "x", Duration.ofSeconds(10)));
    assertTrue(ghost.getMessage().toLowerCase().contains("wrong user name or password"), ghost.getMessage());
  }

  @Test
  void aViewerMayNotJoinServersToTheSystem() {
    JoinClient.Refused e = assertThrows(JoinClient.Refused.class,
        () -> new JoinClient().obtain(List.of(url), "watcher", "viewer-pw", Duration.ofSeconds(10)));
    assertTrue(e.getMessage().contains("not an administrator"), e.getMessage());
  }

  @Test
  void anUnknownUserGetsASaltToo() throws Exception {
    JsonNode c = json(server.send(server.request("/api/v1/system/join?username=nobody").GET().build()));
    assertEquals(16, Base64.getDecoder().decode(c.get("salt").asText()).length);
    assertEquals(PasswordHasher.ITERATIONS, c.get("iterations").asInt());
  }

  @Test
  void badRequestsNameTheField() throws Exception {
    assertError(server.send(server.request("/api/v1/system/join").GET().build()), 400, "username");
    assertError(server.send("POST", "/api/v1/system/join", null, "{\"username\":\"admin\",\"nonce\":\"x\"}"), 400, "proof");
    assertError(server.send("POST", "/api/v1/system/join", null,
        "{\"username\":\"admin\",\"nonce\":\"forged.1.2.3\",\"proof\":\"AAAA\"}"), 400, "nonce");
    String nonce = json(server.send(server.request("/api/v1/system/join?username=watcher").GET().build())).get("nonce").asText();
    assertError(server.send("POST", "/api/v1/system/join", null,
        "{\"username\":\"admin\",\"nonce\":\"" + nonce + "\",\"proof\":\"AAAA\"}"), 400, "nonce");
    assertError(server.send("POST", "/api/v1/system/join", null,
        "{\"username\":\"admin\",\"nonce\":\"" + nonce + "\",\"proof\":\"%%%\"}"), 400, "proof");
  }
}

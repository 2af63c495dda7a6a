package io.argusvms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.ServerBinding;

/** The real HTTP server on an ephemeral port over a {@link TestSystem}'s real services, and a client for it. */
final class ApiTestServer implements AutoCloseable {
  static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

  final MutableClock clock = new MutableClock(START);
  final TestSystem backend;
  final ActorSystem<Void> system;
  final ServerBinding binding;
  final HttpClient client = HttpClient.newHttpClient();

  ApiTestServer() throws Exception {
    this("s1");
  }

  /** As server {@code serverId} of the fake System (federation tests run two). */
  ApiTestServer(String serverId) throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "http-test",
        ConfigFactory.parseString("pekko.actor.provider = local\npekko.loglevel = WARNING\n"
            + "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]\n"
            + "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"")
            .withFallback(ConfigFactory.defaultReference()));
    HttpSettings settings = new HttpSettings("127.0.0.1", 0, Duration.ofHours(1));
    backend = new TestSystem(serverId, system, clock,
        system.dispatchers().lookup(org.apache.pekko.actor.typed.DispatcherSelector.blocking()), settings);
    binding = HttpServer.start(system, backend.services, backend.tokens, settings, clock)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + pathAndQuery);
  }

  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
  }

  HttpResponse<String> send(HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String token) throws Exception {
    return send(request(path).header("Authorization", "Bearer " + token).GET().build());
  }

  HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
    HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return send(b.build());
  }

  String login(String user, String password) throws Exception {
    HttpResponse<String> r = send("POST", "/api/v1/login", null,
        "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
    assertEquals(200, r.statusCode(), r.body());
    return json(r).get("token").asText();
  }

  String adminToken() throws Exception {
    return login("admin", "admin-pw");
  }

  String viewerToken() throws Exception {
    return login("watcher", "viewer-pw");
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  /** Asserts an error response: status, JSON body with "error" and a message naming what. */
  static JsonNode assertError(HttpResponse<String> r, int status, String messageContains) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""), r.body());
    JsonNode body = json(r);
    org.junit.jupiter.api.Assertions.assertTrue(body.hasNonNull("error"), r.body());
    org.junit.jupiter.api.Assertions.assertTrue(body.path("message").asText().contains(messageContains),
        "expected message to contain '" + messageContains + "': " + r.body());
    return body;
  }

  @Override
  public void close() throws Exception {
    binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    backend.close();
  }
}

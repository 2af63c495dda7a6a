package io.argusvms.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** A client of one server's HTTP API, as a script or the web client would use it. */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String baseUrl;
  private String token;

  public ApiClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public String token() {
    return token;
  }

  /** Uses a token obtained elsewhere (e.g. from another server of the System). */
  public ApiClient withToken(String token) {
    this.token = token;
    return this;
  }

  public ApiClient login(String username, String password) throws Exception {
    Response r = send("POST", "/api/v1/login", JSON.writeValueAsString(
        JSON.createObjectNode().put("username", username).put("password", password)), false);
    if (r.status() != 200) throw new IllegalStateException("login failed: " + r.status() + " " + r.body());
    token = r.json().get("token").asText();
    return this;
  }

  public record Response(int status, String body, byte[] bytes) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON (" + status + "): " + body, e);
      }
    }
  }

  public Response get(String path) throws Exception {
    return send("GET", path, null, true);
  }

  public Response post(String path, String json) throws Exception {
    return send("POST", path, json, true);
  }

  public Response patch(String path, String json) throws Exception {
    return send("PATCH", path, json, true);
  }

  public Response delete(String path) throws Exception {
    return send("DELETE", path, null, true);
  }

  public Response send(String method, String path, String json, boolean auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : baseUrl + path))
        .timeout(Duration.ofSeconds(60));
    if (auth && token != null) b.header("Authorization", "Bearer " + token);
    if (json != null) b.header("Content-Type", "application/json");
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Response(r.statusCode(), new String(r.body(), java.nio.charset.StandardCharsets.UTF_8), r.body());
  }

  /** Polls GET path until the JSON satisfies the condition; returns the last JSON. */
  public JsonNode await(String path, Predicate<JsonNode> condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      try {
        Response r = get(path);
        if (r.status() == 200) {
          last = r.json();
          if (condition.test(last)) return last;
        }
      } catch (IOException notAnswering) {
        // the server may be restarting
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out after " + timeout + " waiting on " + path + "; last: " + last);
  }
}

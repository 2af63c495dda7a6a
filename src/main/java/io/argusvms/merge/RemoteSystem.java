package io.argusvms.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The other System of a merge, through one of its servers' HTTP API. Blocking: call it from a
 * thread that may block. Every failure is a {@link MergeException} with the status to report.
 */
final class RemoteSystem {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final String baseUrl;
  private String token;

  RemoteSystem(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  JsonNode info() {
    return send("GET", "/api/v1/system/info", null, false, Duration.ofSeconds(5), 200);
  }

  /** Logs in as an administrator of the other System. */
  void login(String username, String password) {
    String body = JSON.createObjectNode().put("username", username).put("password", password).toString();
    HttpResponse<String> r = raw("POST", "/api/v1/login", body, false, Duration.ofSeconds(10));
    if (r.statusCode() == 401 || r.statusCode() == 429) {
      throw new MergeException(401, "bad_credentials", "the other System refused the user name or password"
          + (r.statusCode() == 429 ? " (locked after too many wrong passwords; try again later)" : ""));
    }
    JsonNode n = check(r, 200, "POST /api/v1/login");
    if (!"admin".equals(n.path("role").asText())) {
      throw new MergeException(401, "bad_credentials", "'" + username + "' is not an administrator of the other System");
    }
    token = n.path("token").asText();
  }

  JsonNode export() {
    return send("GET", "/api/v1/internal/system/export", null, true, Duration.ofSeconds(20), 200);
  }

  JsonNode clusterKey() {
    return send("GET", "/api/v1/internal/system/cluster-key", null, true, Duration.ofSeconds(10), 200);
  }

  JsonNode importSystem(JsonNode export) {
    return send("POST", "/api/v1/internal/system/import", export.toString(), true, Duration.ofSeconds(30), 200);
  }

  void leave(JsonNode request) {
    send("POST", "/api/v1/internal/system/leave", request.toString(), true, Duration.ofSeconds(30), 202);
  }

  private JsonNode send(String method, String path, String body, boolean auth, Duration timeout, int expected) {
    return check(raw(method, path, body, auth, timeout), expected, method + " " + path);
  }

  private HttpResponse<String> raw(String method, String path, String body, boolean auth, Duration timeout) {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
    } catch (IllegalArgumentException e) {
      throw new MergeException(400, "bad_request", "url: not a valid URL");
    }
    if (auth) b.header("Authorization", "Bearer " + token);
    if (body != null) b.header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new MergeException(503, "unreachable", "the other System at " + baseUrl + " does not answer: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MergeException(503, "unreachable", "interrupted");
    }
  }

  private JsonNode check(HttpResponse<String> r, int expected, String what) {
    if (r.statusCode() != expected) {
      String message = r.body();
      try {
        message = JSON.readTree(r.body()).path("message").asText(r.body());
      } catch (IOException notJson) {
        // keep the body
      }
      int status = r.statusCode() == 409 ? 409 : 503;
      throw new MergeException(status, "remote_failed", "the other System answered " + what + " with "
          + r.statusCode() + ": " + message);
    }
    try {
      return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new MergeException(503, "remote_failed", "the other System answered " + what + " with something else than JSON");
    }
  }
}

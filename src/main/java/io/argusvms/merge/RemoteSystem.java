package io.argusvms.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argusvms.join.JoinCrypto;
import io.argusvms.join.ServerUrl;
import io.argusvms.join.SealedSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The other System of a merge, through one of its servers' HTTP API. Blocking: call it from a
 * thread that may block. Every failure is a {@link MergeException} with the status to report.
 *
 * <p>Everything after {@link #info} is a sealed call ({@link SealedSession}) keyed by the other
 * System's administrator password: the password, the databases and the cluster keys never cross
 * the network in clear, and an answer that opens proves it came from that System.
 */
final class RemoteSystem {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final String baseUrl;
  private SealedSession session;
  private JsonNode clusterKey;

  /** @throws MergeException 400 for a URL that is not an http(s) URL of a server */
  RemoteSystem(String typedUrl) {
    try {
      this.baseUrl = ServerUrl.base(typedUrl);
    } catch (IllegalArgumentException e) {
      throw new MergeException(400, "bad_request", "url: " + e.getMessage());
    }
  }

  JsonNode info() {
    return send("GET", "/api/v1/system/info", null, false, Duration.ofSeconds(5), 200);
  }

  /**
   * Opens a sealed session as an administrator of the other System and checks it with a first
   * sealed call (the other System's cluster key, kept for {@link #clusterKey}).
   */
  void openSession(String username, String password) {
    String q = "/api/v1/system/join?username=" + java.net.URLEncoder.encode(username, java.nio.charset.StandardCharsets.UTF_8);
    JsonNode challenge = send("GET", q, null, false, Duration.ofSeconds(10), 200);
    byte[] passwordKey = JoinCrypto.passwordKey(password, challenge).orElseThrow(() ->
        new MergeException(503, "remote_failed", "the other System sent an unusable join challenge (salt or iteration "
            + "count " + challenge.path("iterations") + ")"));
    session = SealedSession.forUser(username, passwordKey, challenge.path("nonce").asText());
    HttpResponse<String> r = raw("GET", "/api/v1/internal/system/cluster-key", null, true, Duration.ofSeconds(10));
    if (r.statusCode() == 401 || r.statusCode() == 429) {
      throw new MergeException(401, "bad_credentials", "the other System refused the user name or password"
          + (r.statusCode() == 429 ? " (locked after too many wrong passwords; try again later)" : ""));
    }
    if (r.statusCode() == 403) {
      throw new MergeException(401, "bad_credentials", "'" + username + "' is not an administrator of the other System");
    }
    clusterKey = opened(check(r, 200, "GET /api/v1/internal/system/cluster-key"), "GET /api/v1/internal/system/cluster-key");
  }

  JsonNode export() {
    return send("GET", "/api/v1/internal/system/export", null, true, Duration.ofSeconds(20), 200);
  }

  /** The other System's cluster key ({} when its cluster is plain TCP), from {@link #openSession}. */
  JsonNode clusterKey() {
    return clusterKey;
  }

  JsonNode importSystem(JsonNode export) {
    return send("POST", "/api/v1/internal/system/import", export.toString(), true, Duration.ofSeconds(30), 200);
  }

  void leave(JsonNode request) {
    check(raw("POST", "/api/v1/internal/system/leave", request.toString(), true, Duration.ofSeconds(30)), 202,
        "POST /api/v1/internal/system/leave");
  }

  /** A call; sealed calls ({@code auth}) send the body sealed and open the answer. */
  private JsonNode send(String method, String path, String body, boolean auth, Duration timeout, int expected) {
    JsonNode answer = check(raw(method, path, body, auth, timeout), expected, method + " " + path);
    return auth ? opened(answer, method + " " + path) : answer;
  }

  private JsonNode opened(JsonNode envelope, String what) {
    try {
      return JSON.readTree(session.open(envelope));
    } catch (java.security.GeneralSecurityException | IOException e) {
      throw new MergeException(503, "remote_failed", "the other System's answer to " + what
          + " does not open with the password's key: it is not the System that password belongs to");
    }
  }

  private HttpResponse<String> raw(String method, String path, String body, boolean auth, Duration timeout) {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
    } catch (IllegalArgumentException e) {
      throw new MergeException(400, "bad_request", "url: not a valid URL");
    }
    String sent = body;
    if (auth) {
      b.header("Authorization", session.authorization());
      if (body != null) sent = session.seal(body);
    }
    if (sent != null) b.header("Content-Type", "application/json");
    b.method(method, sent == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(sent));
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
      // Its status and error code only: the text of another server's answer is not repeated to
      // our caller (a merge URL must not be a way to read what some other server answers).
      int status = r.statusCode() == 409 ? 409 : 503;
      throw new MergeException(status, "remote_failed", "the other System answered " + what + " with "
          + r.statusCode() + " (" + ServerUrl.errorCode(r.body()) + ")");
    }
    try {
      return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new MergeException(503, "remote_failed", "the other System answered " + what + " with something else than JSON");
    }
  }
}

package io.argusvms.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argusvms.join.JoinCrypto;
import io.argusvms.join.SealedSession;
import io.argusvms.join.ServerUrl;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * The other System of a merge, through one of its servers' HTTP API. Blocking: call it from a
 * thread that may block. Every failure is a {@link MergeException} with the status to report.
 *
 * <p>Everything after {@link #info} is a sealed call ({@link SealedSession}) keyed by the other
 * System's administrator password, each with a nonce of its own: the password, the databases and
 * the cluster keys never cross the network in clear, an answer that opens proves it came from
 * that System, and no call can be replayed.
 */
final class RemoteSystem {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final String baseUrl;
  private String username;
  private byte[] clientKey;
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
    return check(raw("GET", "/api/v1/system/info", null, null, Duration.ofSeconds(5)), 200, "GET /api/v1/system/info");
  }

  /**
   * Derives an administrator's client key of the other System from the password and checks it
   * with a first sealed call (the other System's cluster key, kept for {@link #clusterKey}).
   */
  void openSession(String username, String password) {
    this.username = username;
    JsonNode challenge = challenge();
    clientKey = JoinCrypto.clientKey(password, challenge).orElseThrow(() ->
        new MergeException(503, "remote_failed", "the other System sent an unusable join challenge (salt or iteration "
            + "count " + challenge.path("iterations") + ")"));
    String what = "GET /api/v1/internal/system/cluster-key";
    Answer a = sealed("GET", "/api/v1/internal/system/cluster-key", null, Duration.ofSeconds(10));
    int status = a.response().statusCode();
    if (status == 401 || status == 429) {
      throw new MergeException(401, "bad_credentials", "the other System refused the user name or password"
          + (status == 429 ? " (locked after too many wrong passwords; try again later)" : ""));
    }
    if (status == 403) {
      throw new MergeException(401, "bad_credentials", "'" + username + "' is not an administrator of the other System");
    }
    clusterKey = a.opened(check(a.response(), 200, what), what);
  }

  JsonNode export() {
    return send("GET", "/api/v1/internal/system/export", null, Duration.ofSeconds(20), 200);
  }

  /** The other System's cluster key ({} when its cluster is plain TCP), from {@link #openSession}. */
  JsonNode clusterKey() {
    return clusterKey;
  }

  JsonNode importSystem(JsonNode export) {
    return send("POST", "/api/v1/internal/system/import", export.toString(), Duration.ofSeconds(30), 200);
  }

  void leave(JsonNode request) {
    check(sealed("POST", "/api/v1/internal/system/leave", request.toString(), Duration.ofSeconds(30)).response(), 202,
        "POST /api/v1/internal/system/leave");
  }

  /** A fresh nonce (with the user's salt and count) from the other System: one per sealed call. */
  private JsonNode challenge() {
    String q = "/api/v1/system/join?username=" + URLEncoder.encode(username, StandardCharsets.UTF_8);
    return check(raw("GET", q, null, null, Duration.ofSeconds(10)), 200, "GET /api/v1/system/join");
  }

  /** A sealed call's answer, with the session (one per call) that opens it. */
  private record Answer(HttpResponse<String> response, SealedSession session) {
    JsonNode opened(JsonNode envelope, String what) {
      try {
        return JSON.readTree(session.open(envelope));
      } catch (GeneralSecurityException | IOException e) {
        throw new MergeException(503, "remote_failed", "the other System's answer to " + what
            + " does not open with the password's key: it is not the System that password belongs to");
      }
    }
  }

  /** A sealed call expecting {@code expected}, its answer opened. */
  private JsonNode send(String method, String path, String body, Duration timeout, int expected) {
    Answer a = sealed(method, path, body, timeout);
    return a.opened(check(a.response(), expected, method + " " + path), method + " " + path);
  }

  /** A sealed call: a new nonce, the body sealed, the header's proof bound to method, path and sealed body. */
  private Answer sealed(String method, String path, String body, Duration timeout) {
    SealedSession session = SealedSession.forUser(username, clientKey, challenge().path("nonce").asText());
    String sent = body == null ? null : session.seal(body);
    String authorization = session.authorization(SealedSession.Call.of(method, path, sent));
    return new Answer(raw(method, path, sent, authorization, timeout), session);
  }

  private HttpResponse<String> raw(String method, String path, String body, String authorization, Duration timeout) {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
    } catch (IllegalArgumentException e) {
      throw new MergeException(400, "bad_request", "url: not a valid URL");
    }
    if (authorization != null) b.header("Authorization", authorization);
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

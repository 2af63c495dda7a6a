package io.argusvms.join;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new server's side of joining a System with an administrator's password ({@link JoinCrypto}):
 * {@code GET /api/v1/system/join?username=} for salt and nonce, then {@code POST
 * /api/v1/system/join} with the proof, and the sealed grant opened. Blocking.
 */
public final class JoinClient {
  private static final Logger log = LoggerFactory.getLogger(JoinClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The System said no: wrong password, not an administrator, or a bad request. Retrying will not help. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }

  /** Not now: the server is down, still starting, or has locked the name for a while. */
  static final class NotYet extends Exception {
    final Duration wait;

    NotYet(String message, Duration wait) {
      super(message);
      this.wait = wait;
    }
  }

  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /**
   * Asks the servers at {@code urls} in turn until one grants the join; waits and tries again
   * while none can (they may still be starting), up to {@code patience}.
   *
   * @throws Refused when a server refuses the credentials, or none answered within patience
   */
  public JoinGrant obtain(List<String> urls, String username, String password, Duration patience)
      throws InterruptedException {
    if (urls.isEmpty()) throw new Refused("no URL of a server of the System to join");
    long deadline = System.nanoTime() + patience.toNanos();
    int attempt = 0;
    Duration backoff = Duration.ofSeconds(1);
    while (true) {
      Duration wait = backoff;
      for (String url : urls) {
        try {
          return obtainFrom(url, username, password);
        } catch (NotYet e) {
          log.info("joining the System through {}: {}; trying again (attempt {}, up to {} s in all)", url,
              e.getMessage(), attempt + 1, patience.toSeconds());
          if (e.wait.compareTo(wait) > 0) wait = e.wait;
        }
      }
      attempt++;
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      if (System.nanoTime() + wait.toNanos() > deadline) {
        throw new Refused("no server of the System at " + urls + " granted the join within " + patience.toSeconds() + " s");
      }
      Thread.sleep(wait.toMillis());
    }
  }

  JoinGrant obtainFrom(String url, String username, String password) throws NotYet, InterruptedException {
    String base;
    try {
      base = ServerUrl.base(url);
    } catch (IllegalArgumentException e) {
      throw new Refused("--join-url " + url + ": " + e.getMessage());
    }
    JsonNode challenge = call(HttpRequest.newBuilder(URI.create(base + "/api/v1/system/join?username="
        + URLEncoder.encode(username, StandardCharsets.UTF_8))).GET(), base);
    byte[] key = JoinCrypto.clientKey(password, challenge).orElseThrow(() ->
        new Refused(base + " sent an unusable challenge (salt or iteration count " + challenge.path("iterations") + ")"));
    String nonce = challenge.path("nonce").asText();
    String body = JSON.createObjectNode().put("username", username).put("nonce", nonce)
        .put("proof", JoinCrypto.b64(JoinCrypto.proof(key, JoinCrypto.joinMessage(nonce)))).toString();
    JsonNode answer = call(HttpRequest.newBuilder(URI.create(base + "/api/v1/system/join"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), base);
    try {
      return JoinGrant.fromBytes(JoinCrypto.open(key, nonce, Base64.getDecoder().decode(answer.path("sealed").asText())));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // Only a server that holds the password's stored key can seal the grant: this one does not.
      throw new Refused(base + " is not a server of the System this password belongs to (its grant does not open)");
    }
  }

  private JsonNode call(HttpRequest.Builder request, String base) throws NotYet, InterruptedException {
    HttpResponse<String> r;
    try {
      r = http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new NotYet("no answer (" + e.getClass().getSimpleName() + ")", Duration.ofSeconds(1));
    }
    // Its status and error code, never its text: a join URL must not be a way to read what some
    // server answers.
    String code = ServerUrl.errorCode(r.body());
    return switch (r.statusCode()) {
      case 200 -> parse(r.body(), base);
      case 429 -> throw new NotYet("the name is locked after wrong passwords (" + code + ")", Duration.ofSeconds(
          r.headers().firstValueAsLong("Retry-After").orElse(5)));
      case 401 -> throw new Refused(base + " refused to let this server join: wrong user name or password (" + code + ")");
      case 403 -> throw new Refused(base + " refused to let this server join: not an administrator (" + code + ")");
      case 400 -> {
        if (code.equals("bad_request") && r.body().contains("nonce")) throw new NotYet("its nonce expired", Duration.ZERO);
        throw new Refused(base + " refused the join request (400, " + code + ")");
      }
      // 503: the server is starting or joining itself (it says how long to wait).
      case 503 -> throw new NotYet("not ready (" + code + ")", Duration.ofSeconds(
          r.headers().firstValueAsLong("Retry-After").orElse(1)));
      // 404: not an Argus server (or an older one).
      default -> throw new NotYet("answered " + r.statusCode() + " (" + code + ")", Duration.ofSeconds(1));
    };
  }

  private static JsonNode parse(String body, String base) throws NotYet {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new NotYet(base + " answered something else than JSON", Duration.ofSeconds(1));
    }
  }
}

package io.argusvms.join;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A sealed call from one server of a System to another ({@code Argus-System}, {@link
 * SealedSession#forSystem}): a JSON body sealed with the System's token secret, the header's
 * proof bound to this one request.
 */
public final class SystemCall {
  private SystemCall() {}

  /** POSTs {@code json} sealed to the server {@code serverId} at {@code serverUrl}. */
  public static HttpResponse<String> post(HttpClient http, String serverId, String serverUrl, String path, String json,
      byte[] secret) throws IOException, InterruptedException {
    SealedSession session = SealedSession.forSystem(secret, System.currentTimeMillis(), serverId);
    String body = session.seal(json);
    return http.send(HttpRequest.newBuilder(URI.create(serverUrl + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", session.authorization(SealedSession.Call.of("POST", path, body)))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

package io.argusvms.playback;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argusvms.archive.ChunkRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.javadsl.StreamConverters;

/**
 * The HTTP client side of federation: another server's chunk list and the bytes of its chunks,
 * through its API, authenticated with a token this server mints (all servers share the secret).
 * Media is streamed: the response entity's bytes flow on with back-pressure, never buffered whole.
 */
public final class PeerArchive {
  /** How long a chunk list of another server may take before its periods count as unavailable. */
  public static final Duration LIST_TIMEOUT = Duration.ofSeconds(3);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  /** A stalled read of remote media fails the export after this long. */
  /** A peer that does not start answering a media request in this time is "unreachable" (503). */
  static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(5);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final ActorSystem<?> system;
  private final ConnectionPoolSettings pool;

  public PeerArchive(ActorSystem<?> system) {
    this.system = system;
    // Several players per peer: the default pool (4 connections per host) would queue them.
    this.pool = ConnectionPoolSettings.create(system.classicSystem())
        .withMaxConnections(32)
        .withMaxOpenRequests(256)
        .withMaxRetries(1)
        .withConnectionSettings(ClientConnectionSettings.create(system.classicSystem()).withConnectingTimeout(CONNECT_TIMEOUT));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private CompletionStage<HttpResponse> send(HttpRequest request) {
    Http http = Http.get(system);
    return http.singleRequest(request, http.defaultClientHttpsContext(), pool, system.classicSystem().log());
  }

  /** The peer's own chunks of a camera overlapping [fromMs, toMs); fails after {@link #LIST_TIMEOUT}. */
  public CompletionStage<List<ChunkRecord>> chunks(Peer peer, String cameraId, long fromMs, long toMs, String token) {
    HttpRequest req = HttpRequest.GET(peer.url() + "/api/v1/internal/cameras/" + enc(cameraId) + "/chunks?from="
        + fromMs + "&to=" + toMs).addHeader(Authorization.oauth2(token));
    return send(req)
        .thenCompose(r -> r.entity().toStrict(LIST_TIMEOUT.toMillis(), system).thenApply(strict -> {
          if (r.status().intValue() != 200) {
            throw new IllegalStateException(peer.serverId() + " answered " + r.status().intValue() + " for its chunk list");
          }
          try {
            return ChunkJson.fromJson(cameraId, "remote:" + peer.serverId(), strict.getData().toArray());
          } catch (IOException e) {
            throw new IllegalStateException(peer.serverId() + " sent a chunk list that is not JSON: " + e.getMessage());
          }
        }))
        .toCompletableFuture().orTimeout(LIST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The peer's own recorded periods of a camera in [fromMs, toMs); fails after {@link #LIST_TIMEOUT}. */
  public CompletionStage<List<Period>> periods(Peer peer, String cameraId, long fromMs, long toMs, String token) {
    HttpRequest req = HttpRequest.GET(peer.url() + "/api/v1/internal/cameras/" + enc(cameraId) + "/periods?from="
        + fromMs + "&to=" + toMs).addHeader(Authorization.oauth2(token));
    return send(req)
        .thenCompose(r -> r.entity().toStrict(LIST_TIMEOUT.toMillis(), system).thenApply(strict -> {
          if (r.status().intValue() != 200) {
            throw new IllegalStateException(peer.serverId() + " answered " + r.status().intValue() + " for its periods");
          }
          try {
            List<Period> out = new ArrayList<>();
            for (var o : MAPPER.readTree(strict.getData().toArray())) {
              out.add(new Period(o.path("startMs").asLong(), o.path("endMs").asLong(), peer.serverId(), true));
            }
            return out;
          } catch (IOException e) {
            throw new IllegalStateException(peer.serverId() + " sent periods that are not JSON: " + e.getMessage());
          }
        }))
        .toCompletableFuture().orTimeout(LIST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** GET of a chunk's media on the peer, with the caller's Range header passed on; the entity streams. */
  public CompletionStage<HttpResponse> media(Peer peer, String cameraId, long startMs, Optional<String> range, String token) {
    HttpRequest req = HttpRequest.GET(peer.url() + "/api/v1/cameras/" + enc(cameraId) + "/chunks/" + startMs + ".ts")
        .addHeader(Authorization.oauth2(token));
    if (range.isPresent()) req = req.addHeader(RawHeader.create("Range", range.get()));
    return send(req).toCompletableFuture().orTimeout(HEADERS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Blocking: {@code length} bytes of a peer's chunk from {@code offset} as a stream (for export). */
  public InputStream openRange(Peer peer, String cameraId, long ownerStartMs, long offset, long length, String token)
      throws IOException {
    if (length <= 0) return InputStream.nullInputStream();
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    HttpResponse r;
    try {
      r = media(peer, cameraId, ownerStartMs, Optional.of(range), token).toCompletableFuture()
          .get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IOException("server " + peer.serverId() + " did not send chunk " + ownerStartMs + ": " + e, e);
    }
    int status = r.status().intValue();
    if (status != 206 && !(status == 200 && offset == 0)) {
      r.discardEntityBytes(system);
      throw new IOException("server " + peer.serverId() + " answered " + status + " for chunk " + ownerStartMs);
    }
    return r.entity().getDataBytes().runWith(StreamConverters.asInputStream(READ_TIMEOUT), system);
  }
}

package io.argusvms.playback;

import io.argusvms.live.LiveFeed;
import io.argusvms.live.LiveFeeds;
import io.argusvms.system.ServiceException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgradeResponse;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Low-latency live view through any server: a viewer's WebSocket gets the camera's
 * {@link LiveFeed} (fragmented MP4, a fragment per frame) from this server when the stream
 * arrives here (it records the camera, or holds its standby), else relayed from the server that
 * records it, message for message. When the stream ends here or the relay's source goes away (the
 * recording server died, the camera moved), the viewer's socket closes and the player connects
 * again, to find the new recorder: a page reload is never needed.
 *
 * <p>A camera's warm standby receives its stream too, so it serves live as well as the recorder.
 * After a relay from the recorder ended, the next viewers of that camera are relayed from the
 * standby for {@link #AVOID_AFTER_RELAY_END} (a killed recorder is still named as the recorder
 * until the System notices, seconds later; its standby already has the picture).
 */
public final class LiveService {
  private static final Logger log = LoggerFactory.getLogger(LiveService.class);
  /** A stream is received here when a frame came within this time. */
  static final long RECEIVED_WITHIN_MS = 2000;
  /** Messages a viewer may lag behind (about 2.5 s at 25 fps) before it skips to the next keyframe. */
  static final int VIEWER_QUEUE = 64;
  /** A viewer that gets nothing for this long is closed, and connects again. */
  static final Duration IDLE = Duration.ofSeconds(5);
  static final Duration RELAY_CONNECT = Duration.ofSeconds(3);
  static final long AVOID_AFTER_RELAY_END = 10_000;

  private final PlaybackService playback;
  private final LiveFeeds feeds;
  private final ActorSystem<?> system;
  /** "camera server" -> when a relay of that camera from that server ended. */
  private final Map<String, Long> relayEnded = new ConcurrentHashMap<>();

  public LiveService(PlaybackService playback, LiveFeeds feeds, ActorSystem<?> system) {
    this.playback = playback;
    this.feeds = feeds;
    this.system = system;
  }

  /**
   * What to send a viewer of the camera who connected to this server.
   *
   * @throws ServiceException 404 for a camera not in the System
   */
  public Source<Message, NotUsed> viewer(String cameraId) {
    playback.requireCamera(cameraId);
    Optional<LiveFeed> here = feeds.live(cameraId, System.currentTimeMillis(), RECEIVED_WITHIN_MS);
    if (here.isPresent()) return local(here.get());
    long now = System.currentTimeMillis();
    Optional<Peer> recorder = playback.recorderElsewhere(cameraId).filter(p -> !endedRecently(cameraId, p, now));
    if (recorder.isEmpty()) recorder = playback.warmStandbyElsewhere(cameraId).filter(p -> !endedRecently(cameraId, p, now));
    if (recorder.isEmpty()) recorder = playback.recorderElsewhere(cameraId);
    if (recorder.isPresent()) return relay(recorder.get(), cameraId);
    // Recorded here but no frame yet, or recorded nowhere right now: wait here for frames; the
    // idle timeout sends the viewer round again if none come.
    return local(feeds.of(cameraId));
  }

  private Source<Message, NotUsed> local(LiveFeed feed) {
    return Source.<Message>queue(VIEWER_QUEUE)
        .mapMaterializedValue(queue -> {
          Runnable unwatch = feed.watch(new QueueViewer(queue));
          return unwatch;
        })
        .watchTermination((unwatch, done) -> {
          done.whenComplete((ok, e) -> unwatch.run());
          return NotUsed.getInstance();
        })
        .idleTimeout(IDLE)
        .recover(new PFBuilder<Throwable, Message>()
            .match(TimeoutException.class, e -> TextMessage.create("{\"type\":\"idle\"}"))
            .build());
  }

  private boolean endedRecently(String cameraId, Peer peer, long now) {
    Long at = relayEnded.get(cameraId + " " + peer.serverId());
    return at != null && now - at < AVOID_AFTER_RELAY_END;
  }

  /** The recorder's stream, through its own live endpoint, authenticated as this server. */
  private Source<Message, NotUsed> relay(Peer peer, String cameraId) {
    String url = peer.url().replaceFirst("^http", "ws") + "/api/v1/cameras/"
        + URLEncoder.encode(cameraId, StandardCharsets.UTF_8) + "/live.fmp4";
    Http http = Http.get(system);
    Flow<Message, Message, CompletionStage<WebSocketUpgradeResponse>> client = http.webSocketClientFlow(
        WebSocketRequest.create(url).addHeader(Authorization.oauth2(playback.serverToken())),
        http.defaultClientHttpsContext(),
        Optional.empty(),
        ClientConnectionSettings.create(system.classicSystem()).withConnectingTimeout(RELAY_CONNECT),
        system.classicSystem().log());
    return Source.<Message>maybe() // this side sends nothing; the recorder's side ends the stream
        .viaMat(client, Keep.right())
        .mapMaterializedValue(upgrade -> {
          upgrade.whenComplete((r, e) -> {
            if (e != null) log.info("live relay of camera {} from {}: {}", cameraId, peer.serverId(), e.toString());
          });
          return NotUsed.getInstance();
        })
        .watchTermination((nu, done) -> {
          done.whenComplete((ok, e) -> relayEnded.put(cameraId + " " + peer.serverId(), System.currentTimeMillis()));
          return NotUsed.getInstance();
        })
        .idleTimeout(IDLE)
        .recover(new PFBuilder<Throwable, Message>()
            .matchAny(e -> TextMessage.create("{\"type\":\"relay_lost\",\"serverId\":\"" + peer.serverId() + "\"}"))
            .build());
  }

  /** A feed's viewer on a bounded queue: offering never blocks the recording thread. */
  private record QueueViewer(BoundedSourceQueue<Message> queue) implements LiveFeed.Viewer {
    @Override
    public boolean offer(LiveFeed.Message m) {
      Message ws = m.text() ? TextMessage.create(m.asText()) : BinaryMessage.create(ByteString.fromArrayUnsafe(m.bytes()));
      return queue.offer(ws) == QueueOfferResult.enqueued();
    }

    @Override
    public void end() {
      queue.complete();
    }
  }
}

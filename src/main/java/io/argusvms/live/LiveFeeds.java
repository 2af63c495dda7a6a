package io.argusvms.live;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** This server's live streams, one {@link LiveFeed} per camera received here. Thread-safe. */
public final class LiveFeeds {
  private final String serverId;
  private final Map<String, LiveFeed> feeds = new ConcurrentHashMap<>();

  public LiveFeeds(String serverId) {
    this.serverId = serverId;
  }

  /** The camera's feed, made on first use (by a session that receives it, or a viewer waiting). */
  public LiveFeed of(String cameraId) {
    return feeds.computeIfAbsent(cameraId, id -> new LiveFeed(serverId));
  }

  /** The feed of a camera whose stream arrives here now (a frame within {@code withinMs}). */
  public Optional<LiveFeed> live(String cameraId, long nowMs, long withinMs) {
    LiveFeed f = feeds.get(cameraId);
    return f != null && f.live(nowMs, withinMs) ? Optional.of(f) : Optional.empty();
  }
}

package io.argusvms.playback;

import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/**
 * Every server's coarse archive summaries, as this server sees them now: Distributed Data LWWMap
 * {@code argus-archive-summaries} (durable, so a restarted server still lists the periods of a
 * server that is offline), entry key {@code <serverId>|<cameraId>}, written only by the server it
 * names ({@link ArchiveSummaryPublisher}). Reads never block.
 */
public final class ArchiveSummaries {
  public static final Key<LWWMap<String, ArchiveSummary>> KEY = LWWMapKey.create("argus-archive-summaries");

  private volatile Map<String, Map<String, ArchiveSummary>> byCamera = Map.of();

  static String entryKey(String serverId, String cameraId) {
    return serverId + "|" + cameraId;
  }

  /** serverId -> summary of that server's recording of the camera. */
  public Map<String, ArchiveSummary> forCamera(String cameraId) {
    return byCamera.getOrDefault(cameraId, Map.of());
  }

  void replace(Map<String, ArchiveSummary> entries) {
    Map<String, Map<String, ArchiveSummary>> next = new HashMap<>();
    entries.forEach((k, v) -> {
      int bar = k.indexOf('|');
      if (bar <= 0) return;
      next.computeIfAbsent(k.substring(bar + 1), c -> new HashMap<>()).put(k.substring(0, bar), v);
    });
    byCamera = next;
  }

  /** Keeps this holder current from the replicator. */
  public Behavior<Replicator.SubscribeResponse<LWWMap<String, ArchiveSummary>>> subscriber() {
    return Behaviors.setup(ctx -> {
      DistributedData.get(ctx.getSystem()).replicator().tell(new Replicator.Subscribe<>(KEY, ctx.getSelf()));
      return Behaviors.receive((c, msg) -> {
        if (msg instanceof Replicator.Changed<LWWMap<String, ArchiveSummary>> changed) {
          replace(changed.get(KEY).getEntries());
        }
        return Behaviors.same();
      });
    });
  }
}

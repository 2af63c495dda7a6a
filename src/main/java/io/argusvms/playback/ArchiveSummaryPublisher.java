package io.argusvms.playback;

import io.argusvms.archive.ChunkCatalog;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/**
 * Publishes this server's archive summary of every camera every {@link #INTERVAL}: it reads only
 * the chunks since the last published end (cheap), and rebuilds from the whole catalog every
 * {@link #FULL_EVERY} ticks, so what retention deleted leaves the summary too. Only entries that
 * changed much ({@link ArchiveSummary#differsMuchFrom}), or stopped changing since the last write,
 * are written.
 */
public final class ArchiveSummaryPublisher {
  private ArchiveSummaryPublisher() {}

  static final Duration INTERVAL = Duration.ofSeconds(3);
  static final int FULL_EVERY = 100;

  private enum Tick { INSTANCE }

  private record Computed(Map<String, ArchiveSummary> changed) {}

  public static Behavior<Object> create(String serverId, ChunkCatalog catalog, Supplier<Collection<String>> cameraIds,
      Executor blocking) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofSeconds(1), INTERVAL);
      var replicator = DistributedData.get(ctx.getSystem()).replicator();
      SelfUniqueAddress self = DistributedData.get(ctx.getSystem()).selfUniqueAddress();
      // touched only on the blocking thread, one computation at a time
      Map<String, ArchiveSummary> published = new HashMap<>(); // what the System has
      Map<String, ArchiveSummary> known = new HashMap<>(); // what the catalog says now
      boolean[] busy = {false};
      int[] ticks = {0};
      return Behaviors.receive(Object.class)
          .onMessageEquals(Tick.INSTANCE, () -> {
            if (busy[0]) return Behaviors.same();
            busy[0] = true;
            boolean full = ticks[0]++ % FULL_EVERY == 0;
            Collection<String> cams = cameraIds.get();
            ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> compute(catalog, cams, published, known, full), blocking),
                (ok, err) -> ok != null ? ok : new Computed(Map.of()));
            return Behaviors.same();
          })
          .onMessage(Computed.class, c -> {
            busy[0] = false;
            if (!c.changed().isEmpty()) {
              replicator.tell(new Replicator.Update<>(ArchiveSummaries.KEY, LWWMap.create(), Replicator.writeLocal(),
                  ctx.getSystem().ignoreRef(), map -> {
                    LWWMap<String, ArchiveSummary> m = map;
                    for (var e : c.changed().entrySet()) {
                      m = m.put(self, ArchiveSummaries.entryKey(serverId, e.getKey()), e.getValue());
                    }
                    return m;
                  }));
            }
            return Behaviors.same();
          })
          .build();
    }));
  }

  private static Computed compute(ChunkCatalog catalog, Collection<String> cameras, Map<String, ArchiveSummary> published,
      Map<String, ArchiveSummary> known, boolean full) {
    Map<String, ArchiveSummary> changed = new HashMap<>();
    for (String camera : cameras) {
      ArchiveSummary old = published.get(camera);
      ArchiveSummary seen = known.get(camera);
      ArchiveSummary now;
      if (full || seen == null || seen.isEmpty()) {
        now = ArchiveSummary.of(catalog.find(camera, 0, Long.MAX_VALUE));
      } else {
        now = seen.extend(catalog.find(camera, seen.endMs() - 1, Long.MAX_VALUE));
      }
      known.put(camera, now);
      // Also once it stops growing (recording here ended or paused), so the System has its final shape.
      boolean settled = now.equals(seen) && !now.equals(old);
      if ((now.differsMuchFrom(old) || settled) && !(old == null && now.isEmpty())) {
        changed.put(camera, now);
        published.put(camera, now);
      }
    }
    return new Computed(changed);
  }
}

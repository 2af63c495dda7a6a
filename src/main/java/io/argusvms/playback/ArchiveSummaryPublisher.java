package io.argusvms.playback;

import io.argusvms.archive.ChunkCatalog;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
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
public final class ArchiveSummaryPublisher extends AbstractBehavior<ArchiveSummaryPublisher.Command> {
  static final Duration INTERVAL = Duration.ofSeconds(3);
  static final int FULL_EVERY = 100;

  public sealed interface Command {}

  private enum Tick implements Command { INSTANCE }

  private record Computed(Map<String, ArchiveSummary> changed) implements Command {}

  public static Behavior<Command> create(String serverId, ChunkCatalog catalog, Supplier<Collection<String>> cameraIds,
      Executor blocking) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofSeconds(1), INTERVAL);
      return new ArchiveSummaryPublisher(ctx, serverId, catalog, cameraIds, blocking);
    }));
  }

  private final String serverId;
  private final ChunkCatalog catalog;
  private final Supplier<Collection<String>> cameraIds;
  private final Executor blocking;
  private final ActorRef<Replicator.Command> replicator;
  private final SelfUniqueAddress self;
  // touched only on the blocking thread, one computation at a time
  private final Map<String, ArchiveSummary> published = new HashMap<>(); // what the System has
  private final Map<String, ArchiveSummary> known = new HashMap<>(); // what the catalog says now
  private boolean computing;
  private int ticks;

  private ArchiveSummaryPublisher(ActorContext<Command> ctx, String serverId, ChunkCatalog catalog,
      Supplier<Collection<String>> cameraIds, Executor blocking) {
    super(ctx);
    this.serverId = serverId;
    this.catalog = catalog;
    this.cameraIds = cameraIds;
    this.blocking = blocking;
    this.replicator = DistributedData.get(ctx.getSystem()).replicator();
    this.self = DistributedData.get(ctx.getSystem()).selfUniqueAddress();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Tick.class, t -> onTick())
        .onMessage(Computed.class, this::onComputed)
        .build();
  }

  private Behavior<Command> onTick() {
    if (computing) return this;
    computing = true;
    boolean full = ticks++ % FULL_EVERY == 0;
    Collection<String> cams = List.copyOf(cameraIds.get());
    getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> compute(cams, full), blocking),
        (ok, err) -> ok != null ? ok : new Computed(Map.of()));
    return this;
  }

  private Behavior<Command> onComputed(Computed c) {
    computing = false;
    if (!c.changed().isEmpty()) {
      replicator.tell(new Replicator.Update<>(ArchiveSummaries.KEY, LWWMap.create(), Replicator.writeLocal(),
          getContext().getSystem().ignoreRef(), map -> {
            LWWMap<String, ArchiveSummary> m = map;
            for (var e : c.changed().entrySet()) {
              m = m.put(self, ArchiveSummaries.entryKey(serverId, e.getKey()), e.getValue());
            }
            return m;
          }));
    }
    return this;
  }

  private Computed compute(Collection<String> cameras, boolean full) {
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

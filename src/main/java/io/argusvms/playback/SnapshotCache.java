package io.argusvms.playback;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Snapshots made in the last {@link #TTL_MS}, by what was asked (camera, width, time): a tree of
 * cameras polled by many viewers decodes each keyframe once a second, not once per viewer. A
 * request that comes while the same one is being made waits for it. Bounded: entries past their
 * time are dropped once there are {@link #MAX_ENTRIES}.
 */
final class SnapshotCache {
  static final long TTL_MS = 1_000;
  static final int MAX_ENTRIES = 512;

  private record Entry(CompletionStage<byte[]> jpeg, long madeAtMs) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final LongSupplier clock;

  SnapshotCache(LongSupplier clock) {
    this.clock = clock;
  }

  CompletionStage<byte[]> get(String key, Supplier<CompletionStage<byte[]>> make) {
    long now = clock.getAsLong();
    if (entries.size() >= MAX_ENTRIES) entries.values().removeIf(e -> now - e.madeAtMs() >= TTL_MS);
    Entry e = entries.compute(key, (k, old) ->
        old != null && now - old.madeAtMs() < TTL_MS ? old : new Entry(make.get(), now));
    // A failure is not kept: the next request tries again.
    e.jpeg().whenComplete((ok, failed) -> {
      if (failed != null) entries.remove(key, e);
    });
    return e.jpeg();
  }
}

package io.argusvms.system;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable map kept as {@link #BUCKETS} smaller maps chosen by a hash of the key, so that
 * replacing one bucket costs that bucket, not the whole map. The System database keeps each
 * camera's status in one Distributed Data key per bucket ({@link DataKeys#cameraStatus}): a camera's
 * status change is merged, digested and gossiped as one bucket by every server, and replaces one
 * bucket of the server's view ({@link SystemState#withEntries}); with one key for every camera each
 * change cost O(cameras) on every server (docs/SCALE.md). Readers see one map.
 */
public final class BucketedMap<V> extends AbstractMap<String, V> {
  public static final int BUCKETS = 64;

  private static final BucketedMap<?> EMPTY = new BucketedMap<>(Collections.nCopies(BUCKETS, Map.of()), 0);

  /** The bucket of a key: the same on every server and in every version (String.hashCode is specified). */
  public static int bucketOf(String key) {
    return Math.floorMod(key.hashCode(), BUCKETS);
  }

  private final List<Map<String, V>> buckets;
  private final int size;

  private BucketedMap(List<Map<String, V>> buckets, int size) {
    this.buckets = buckets;
    this.size = size;
  }

  @SuppressWarnings("unchecked")
  public static <V> BucketedMap<V> empty() {
    return (BucketedMap<V>) EMPTY;
  }

  /** Any map, each entry put in its bucket. */
  public static <V> BucketedMap<V> of(Map<String, V> entries) {
    if (entries instanceof BucketedMap<V> already) return already;
    List<Map<String, V>> split = new ArrayList<>(BUCKETS);
    for (int n = 0; n < BUCKETS; n++) split.add(new HashMap<>());
    entries.forEach((k, v) -> split.get(bucketOf(k)).put(k, v));
    List<Map<String, V>> frozen = split.stream().map(Map::copyOf).toList();
    return new BucketedMap<>(frozen, entries.size());
  }

  /**
   * This map with bucket {@code n} replaced by {@code entries} (copied). An entry whose key belongs
   * to another bucket is refused: it could never be found.
   */
  public BucketedMap<V> withBucket(int n, Map<String, V> entries) {
    for (String k : entries.keySet()) {
      if (bucketOf(k) != n) throw new IllegalArgumentException("key " + k + " belongs to bucket " + bucketOf(k) + ", not " + n);
    }
    List<Map<String, V>> next = new ArrayList<>(buckets);
    Map<String, V> bucket = Map.copyOf(entries);
    next.set(n, bucket);
    return new BucketedMap<>(Collections.unmodifiableList(next), size - buckets.get(n).size() + bucket.size());
  }

  @Override
  public V get(Object key) {
    return key instanceof String k ? buckets.get(bucketOf(k)).get(k) : null;
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String k && buckets.get(bucketOf(k)).containsKey(k);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Entry<String, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, V>> iterator() {
        return buckets.stream().flatMap(b -> b.entrySet().stream()).iterator();
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}

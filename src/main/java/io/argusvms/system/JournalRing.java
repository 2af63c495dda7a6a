package io.argusvms.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Where a journal's events live in Distributed Data, and which of them a write may drop: the pure
 * rules of {@link ReplicatedJournal}.
 *
 * <p>Events go into a ring of {@code buckets} keys of {@code bucketSize} events each: event n (Pekko
 * numbers them from 1) is in bucket {@code ((n - 1) / bucketSize) % buckets}. A fixed set of keys,
 * because a deleted Distributed Data key stays a tombstone for ever, and a write replicates its
 * whole bucket (a map's delta needs causal delivery, so a majority write sends the whole value):
 * small buckets keep that small. A bucket drops an event once it is deleted (a snapshot covers
 * it). An event of an older lap not deleted yet stays next to the new lap's: the ring's capacity
 * is where buckets start to grow, not a limit. The shard coordinator handles its snapshot's
 * confirmation, and so the deletion, only after the allocation requests queued before it, so at
 * a mass start the deletion lags by up to as many events as cameras wait (measured: a ring of 300
 * events full at event 301 with 1,000 cameras starting); refusing the write there stopped the
 * coordinator for good, as every restart met the same full ring.
 */
public record JournalRing(int bucketSize, int buckets) {
  public JournalRing {
    if (bucketSize < 1 || buckets < 1) throw new IllegalArgumentException("bucket size and buckets must be at least 1");
  }

  /** The events the ring holds before its buckets grow: one lap of every bucket. */
  public long capacity() {
    return (long) bucketSize * buckets;
  }

  public int bucket(long sequenceNr) {
    return (int) (((sequenceNr - 1) / bucketSize) % buckets);
  }

  /** The lowest sequence number of the lap of the ring that {@code sequenceNr}'s bucket holds now. */
  private long lapStart(long sequenceNr) {
    return sequenceNr - (sequenceNr - 1) % bucketSize;
  }

  /** Whether events {@code from..to} share a bucket and its lap: what one atomic write may hold. */
  public boolean inOneBucket(long from, long to) {
    return from <= to && lapStart(from) == lapStart(to);
  }

  /** A write from a writer behind the journal. */
  public static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  /**
   * The entries of one bucket to remove before events {@code from..to} (all in that bucket) go in:
   * those deleted already (up to {@code deletedTo}). Older laps' events not deleted yet stay.
   *
   * @throws Refused if the bucket holds an event of a later lap (the writer's sequence numbers are
   *     behind the journal's: a writer that should have recovered first)
   */
  public List<Long> dropBefore(Iterable<Long> bucketEntries, long from, long to, long deletedTo) {
    if (!inOneBucket(from, to)) {
      throw new IllegalArgumentException("events " + from + ".." + to + " are not in one bucket");
    }
    List<Long> drop = new ArrayList<>();
    long lap = lapStart(from);
    for (long held : bucketEntries) {
      if (held <= deletedTo) {
        drop.add(held);
      } else if (held >= lap + bucketSize) {
        throw new Refused("event " + held + " is newer than the events " + from + ".." + to + " being written");
      }
    }
    return drop;
  }

  /** The events to replay, in order: those of {@code from..to} not deleted, at most {@code max}. */
  public static List<Map.Entry<Long, byte[]>> replay(NavigableMap<Long, byte[]> events, long deletedTo, long from, long to,
      long max) {
    List<Map.Entry<Long, byte[]>> out = new ArrayList<>();
    long first = Math.max(from, deletedTo + 1);
    if (first > to) return out;
    for (Map.Entry<Long, byte[]> e : events.subMap(first, true, to, true).entrySet()) {
      if (out.size() >= max) break;
      out.add(e);
    }
    return out;
  }

  /**
   * The highest sequence number the journal has used: a deleted event's number too, so that a
   * writer never numbers a new event with one its readers may have seen.
   */
  public static long highest(NavigableMap<Long, byte[]> events, long deletedTo) {
    return events.isEmpty() ? deletedTo : Math.max(events.lastKey(), deletedTo);
  }

  /** Every bucket's entries in one map by sequence number. */
  public static NavigableMap<Long, byte[]> merged(Iterable<Map<Long, byte[]>> bucketEntries) {
    NavigableMap<Long, byte[]> all = new TreeMap<>();
    for (Map<Long, byte[]> b : bucketEntries) all.putAll(b);
    return all;
  }
}

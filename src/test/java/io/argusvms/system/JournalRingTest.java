package io.argusvms.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JournalRingTest {
  final JournalRing ring = new JournalRing(10, 3); // 30 events: buckets 1..10, 11..20, 21..30, then 31.. in bucket 0

  @Test
  void eventsGoRoundTheRing() {
    assertEquals(0, ring.bucket(1));
    assertEquals(0, ring.bucket(10));
    assertEquals(1, ring.bucket(11));
    assertEquals(2, ring.bucket(30));
    assertEquals(0, ring.bucket(31));
    assertEquals(30, ring.capacity());
  }

  @Test
  void aBucketDropsDeletedEventsOfTheLastLap() {
    assertEquals(List.of(1L, 2L), ring.dropBefore(List.of(1L, 2L), 31, 31, 5));
  }

  @Test
  void aBucketKeepsItsLapsEarlierEvents() {
    assertEquals(List.of(), ring.dropBefore(List.of(31L, 32L), 33, 33, 5));
  }

  @Test
  void aFullRingKeepsWhatNoSnapshotCoversNextToTheNewLap() {
    assertEquals(List.of(1L), ring.dropBefore(List.of(1L, 9L), 31, 31, 5));
  }

  @Test
  void aWriterBehindTheJournalIsRefused() {
    assertThrows(JournalRing.Refused.class, () -> ring.dropBefore(List.of(32L), 1, 1, 0));
  }

  @Test
  void anAtomicWriteStaysInOneBucket() {
    assertThrows(IllegalArgumentException.class, () -> ring.dropBefore(List.of(), 10, 11, 0));
  }

  @Test
  void replayStartsAfterTheDeletedMarkAndStopsAtMax() {
    TreeMap<Long, byte[]> events = new TreeMap<>();
    for (long n = 1; n <= 8; n++) events.put(n, new byte[] {(byte) n});
    assertEquals(List.of(4L, 5L, 6L), JournalRing.replay(events, 3, 2, 7, 3).stream().map(Map.Entry::getKey).toList());
    assertEquals(List.of(), JournalRing.replay(events, 8, 1, 8, 100));
  }

  @Test
  void theHighestCountsDeletedEvents() {
    assertEquals(12, JournalRing.highest(new TreeMap<>(), 12));
    TreeMap<Long, byte[]> events = new TreeMap<>(Map.of(13L, new byte[0]));
    assertEquals(13, JournalRing.highest(events, 12));
  }
}

package io.argusvms.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotChunksTest {
  final byte[] snapshot = new byte[2500];

  SnapshotChunksTest() {
    new Random(7).nextBytes(snapshot);
  }

  @Test
  void aSnapshotIsCutIntoChunksAndPutTogether() {
    var header = SnapshotChunks.header(snapshot, 42, 1000, 1000);
    List<byte[]> chunks = SnapshotChunks.split(snapshot, 42, 1000);
    assertEquals(3, header.chunks());
    assertEquals(3, chunks.size());
    assertArrayEquals(snapshot, SnapshotChunks.join(header, chunks).orElseThrow());
  }

  @Test
  void anEmptySnapshotIsOneChunk() {
    var header = SnapshotChunks.header(new byte[0], 1, 1, 1000);
    assertArrayEquals(new byte[0], SnapshotChunks.join(header, SnapshotChunks.split(new byte[0], 1, 1000)).orElseThrow());
  }

  @Test
  void aChunkOfAnotherSnapshotIsNotTakenForOne() {
    var header = SnapshotChunks.header(snapshot, 42, 1000, 1000);
    List<byte[]> chunks = new ArrayList<>(SnapshotChunks.split(snapshot, 42, 1000));
    chunks.set(1, SnapshotChunks.split(snapshot, 41, 1000).get(1));
    assertTrue(SnapshotChunks.join(header, chunks).isEmpty());
  }

  @Test
  void aMissingOrChangedChunkIsNoSnapshot() {
    var header = SnapshotChunks.header(snapshot, 42, 1000, 1000);
    List<byte[]> chunks = new ArrayList<>(SnapshotChunks.split(snapshot, 42, 1000));
    List<byte[]> missing = new ArrayList<>(chunks);
    missing.set(2, null);
    assertTrue(SnapshotChunks.join(header, missing).isEmpty());
    chunks.get(0)[20] ^= 1;
    assertTrue(SnapshotChunks.join(header, chunks).isEmpty());
  }

  @Test
  void theHeaderReadsBackAsWritten() {
    var header = SnapshotChunks.header(snapshot, 42, 1000, 1000).asDeleted();
    assertEquals(header, SnapshotChunks.Header.decode(header.encode()).orElseThrow());
    assertTrue(SnapshotChunks.Header.decode(new byte[0]).isEmpty());
  }
}

package io.argusvms.recording;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The standby's byte ring: what goes in comes out, across block boundaries, in the memory it needs. */
class ByteRingTest {
  static final int B = ByteRing.BLOCK;

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void packetsComeBackWholeAcrossBlocks() {
    ByteRing ring = new ByteRing();
    long a = ring.append(bytes(B - 10, 1), 0, B - 10);
    long b = ring.append(bytes(B + 30, 2), 0, B + 30); // the rest of block 1, all of 2, some of 3
    assertArrayEquals(bytes(B - 10, 1), ring.read(a, B - 10));
    assertArrayEquals(bytes(B + 30, 2), ring.read(b, B + 30));
    ring.releaseTo(b);
    assertThrows(IllegalArgumentException.class, () -> ring.read(a, 10), "released bytes are gone");
    assertEquals(B + 30, ring.held());
  }

  @Test
  void aStreamThroughItTakesTheBlocksItHoldsNotMore() {
    ByteRing ring = new ByteRing();
    ArrayDeque<long[]> held = new ArrayDeque<>(); // position, size, seed
    Random r = new Random(7);
    for (int i = 0; i < 3000; i++) {
      int n = 1 + r.nextInt(20_000); // ~10 kB frames, like 2 Mbit/s at 25 fps
      held.addLast(new long[] {ring.append(bytes(n, i), 0, n), n, i});
      while (held.size() > 100) { // a buffer of 100 frames
        held.pollFirst();
        ring.releaseTo(held.peekFirst()[0]);
      }
    }
    for (long[] h : held) assertArrayEquals(bytes((int) h[1], (int) h[2]), ring.read(h[0], (int) h[1]));
    assertEquals(held.stream().mapToLong(h -> h[1]).sum(), ring.held());
    assertTrue(ring.capacity() <= ring.held() + 4L * B, "capacity " + ring.capacity() + " for " + ring.held());
  }

  @Test
  void clearKeepsABlockForTheNextBytes() {
    ByteRing ring = new ByteRing();
    ring.append(bytes(3 * B, 1), 0, 3 * B);
    ring.clear();
    assertEquals(0, ring.held());
    assertTrue(ring.capacity() <= 3L * B, "at most two spare blocks and the last one: " + ring.capacity());
    long p = ring.append(bytes(100, 2), 0, 100);
    assertArrayEquals(bytes(100, 2), ring.read(p, 100));
  }
}

package io.argusvms.recording;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a standby's buffered packets, oldest first, in fixed-size blocks used round and
 * round: appended at the end, released from the start, a block that falls empty kept for reuse.
 * Positions are virtual (they only grow), so a packet is named by where it starts.
 *
 * <p>Why not an array per packet: a standby keeps every packet for the buffer's 20 s, long enough
 * to be promoted by the garbage collector, so the old generation filled with them at the camera's
 * bitrate. Why blocks and not one array: one array as large as the buffer is a "humongous"
 * object to G1, which rounds it up to whole regions (an 8 MiB buffer took 12 MiB). Blocks of
 * {@link #BLOCK} stay below half of G1's smallest region. Not thread-safe.
 */
final class ByteRing {
  static final int BLOCK = 256 * 1024;
  private static final int SPARE_BLOCKS = 2;

  private final ArrayDeque<byte[]> blocks = new ArrayDeque<>();
  private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
  private long firstBlockAt; // virtual position of the first byte of the first block
  private long start; // virtual position of the oldest byte held
  private long end; // virtual position after the newest

  /** Appends {@code n} bytes of {@code src} from {@code off}; returns their position. */
  long append(byte[] src, int off, int n) {
    long at = end;
    int done = 0;
    while (done < n) {
      int inBlock = (int) ((end - firstBlockAt) % BLOCK);
      if (end - firstBlockAt == (long) blocks.size() * BLOCK) {
        blocks.addLast(spare.isEmpty() ? new byte[BLOCK] : spare.pollFirst());
        inBlock = 0;
      }
      int k = Math.min(n - done, BLOCK - inBlock);
      System.arraycopy(src, off + done, blocks.peekLast(), inBlock, k);
      done += k;
      end += k;
    }
    return at;
  }

  /** Gives up the oldest bytes up to {@code position} (the start of the oldest packet still held). */
  void releaseTo(long position) {
    if (position < start || position > end) {
      throw new IllegalArgumentException("position " + position + " outside [" + start + ", " + end + "]");
    }
    start = position;
    while (!blocks.isEmpty() && start - firstBlockAt >= BLOCK) {
      byte[] b = blocks.pollFirst();
      if (spare.size() < SPARE_BLOCKS) spare.addLast(b);
      firstBlockAt += BLOCK;
    }
  }

  /** A copy of {@code n} bytes from {@code position}. */
  byte[] read(long position, int n) {
    if (position < start || position + n > end) throw new IllegalArgumentException("not held: " + position);
    byte[] out = new byte[n];
    List<byte[]> list = new ArrayList<>(blocks);
    int done = 0;
    while (done < n) {
      long rel = position + done - firstBlockAt;
      byte[] block = list.get((int) (rel / BLOCK));
      int inBlock = (int) (rel % BLOCK);
      int k = Math.min(n - done, BLOCK - inBlock);
      System.arraycopy(block, inBlock, out, done, k);
      done += k;
    }
    return out;
  }

  long held() {
    return end - start;
  }

  /** Bytes of the blocks in use and kept for reuse: the memory it takes. */
  long capacity() {
    return (long) (blocks.size() + spare.size()) * BLOCK;
  }

  /** Drops everything (a block or two are kept for the next bytes). */
  void clear() {
    releaseTo(end);
  }
}

package io.argusvms.system;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * How {@link ReplicatedSnapshotStore} cuts a snapshot into Distributed Data entries and puts it
 * together again: the pure part. A snapshot of the shard coordinator's state grows with the cameras
 * (hundreds of KiB at 100,000), more than one remoting frame (256 KiB) carries, so it is cut into
 * chunks; each chunk carries the snapshot's sequence number and the header a checksum of the whole,
 * so chunks of two different snapshots are never taken for one.
 */
public final class SnapshotChunks {
  private SnapshotChunks() {}

  /** What a snapshot generation's header entry says. {@code deleted}: the snapshot was deleted. */
  public record Header(long sequenceNr, long timestamp, int chunks, int length, long crc, boolean deleted) {
    static final int BYTES = 8 + 8 + 4 + 4 + 8 + 1;

    public byte[] encode() {
      return ByteBuffer.allocate(BYTES).putLong(sequenceNr).putLong(timestamp).putInt(chunks).putInt(length).putLong(crc)
          .put((byte) (deleted ? 1 : 0)).array();
    }

    public static Optional<Header> decode(byte[] bytes) {
      if (bytes == null || bytes.length != BYTES) return Optional.empty();
      ByteBuffer b = ByteBuffer.wrap(bytes);
      return Optional.of(new Header(b.getLong(), b.getLong(), b.getInt(), b.getInt(), b.getLong(), b.get() == 1));
    }

    public Header asDeleted() {
      return new Header(sequenceNr, timestamp, chunks, length, crc, true);
    }
  }

  public static Header header(byte[] snapshot, long sequenceNr, long timestamp, int chunkBytes) {
    int chunks = Math.max(1, (snapshot.length + chunkBytes - 1) / chunkBytes);
    return new Header(sequenceNr, timestamp, chunks, snapshot.length, crc(snapshot), false);
  }

  /** The chunk entries of a snapshot: its sequence number, then up to {@code chunkBytes} of it. */
  public static List<byte[]> split(byte[] snapshot, long sequenceNr, int chunkBytes) {
    List<byte[]> out = new ArrayList<>();
    int chunks = Math.max(1, (snapshot.length + chunkBytes - 1) / chunkBytes);
    for (int i = 0; i < chunks; i++) {
      int from = i * chunkBytes;
      int len = Math.min(chunkBytes, snapshot.length - from);
      out.add(ByteBuffer.allocate(8 + len).putLong(sequenceNr).put(snapshot, from, len).array());
    }
    return out;
  }

  /** The snapshot a header and its chunks make, or empty if a chunk is missing or of another snapshot. */
  public static Optional<byte[]> join(Header header, List<byte[]> chunks) {
    if (chunks.size() != header.chunks()) return Optional.empty();
    ByteBuffer whole = ByteBuffer.allocate(header.length());
    for (byte[] c : chunks) {
      if (c == null || c.length < 8) return Optional.empty();
      ByteBuffer b = ByteBuffer.wrap(c);
      if (b.getLong() != header.sequenceNr() || b.remaining() > whole.remaining()) return Optional.empty();
      whole.put(b);
    }
    if (whole.hasRemaining()) return Optional.empty();
    byte[] out = whole.array();
    return crc(out) == header.crc() ? Optional.of(out) : Optional.empty();
  }

  private static long crc(byte[] bytes) {
    CRC32 c = new CRC32();
    c.update(bytes);
    return c.getValue();
  }
}

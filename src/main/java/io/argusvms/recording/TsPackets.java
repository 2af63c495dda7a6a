package io.argusvms.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reading MPEG-TS packets (188 bytes, sync byte 0x47) back from a chunk file. */
public final class TsPackets {

  public static final int PACKET_SIZE = 188;
  private static final int SYNC = 0x47;

  private TsPackets() {}

  /** The PID of the TS packet at {@code offset}, or -1 if no TS packet starts there. */
  public static int pidAt(FileChannel file, long offset) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(3);
    while (head.hasRemaining()) {
      if (file.read(head, offset + head.position()) < 0) {
        return -1;
      }
    }
    if ((head.get(0) & 0xff) != SYNC) {
      return -1;
    }
    return ((head.get(1) & 0x1f) << 8) | (head.get(2) & 0xff);
  }

  public static int pidAt(Path file, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return pidAt(ch, offset);
    }
  }

  /**
   * The offset of the first PAT (PID 0) packet in [from, to), or -1. The mpegts muxer writes
   * PAT/PMT right before a video keyframe, sometimes after an SDT: HLS segments start at the PAT.
   */
  public static long firstPat(FileChannel file, long from, long to) throws IOException {
    for (long at = from; at + PACKET_SIZE <= to; at += PACKET_SIZE) {
      int pid = pidAt(file, at);
      if (pid == 0) {
        return at;
      }
      if (pid < 0) {
        return -1;
      }
    }
    return -1;
  }
}

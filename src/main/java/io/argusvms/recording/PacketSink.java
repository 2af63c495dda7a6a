package io.argusvms.recording;

import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * Where a recording's packets go, one after another, each with its receive time (wall clock): the
 * chunk writer at the end of the pipeline, or a stage in front of it ({@link RecordingPipeline}).
 * The caller owns every packet and unrefs it after the call; a sink that keeps one makes its own
 * reference. One thread at a time.
 */
public interface PacketSink extends AutoCloseable {

  /**
   * @return true when the packet reached the archive (a sink that holds packets back answers
   *     false until it lets them through)
   * @throws StorageException the archive cannot take it; the sink is then closed
   */
  boolean write(AVPacket packet, long receivedAtMs) throws StorageException;

  /** Lets through what it holds and seals the open chunk. */
  @Override
  void close();
}

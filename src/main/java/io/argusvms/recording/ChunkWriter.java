package io.argusvms.recording;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import io.argusvms.archive.CameraMedia;
import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.KeyframeEntry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Cuts one camera's video packets into MPEG-TS chunk files (placed by its {@link CameraMedia}) and
 * reports them to a {@link ChunkSink}.
 *
 * <p>Rules: a chunk starts at a keyframe and is cut at the first keyframe after the chunk
 * duration; bytes are flushed and the open chunk reported at least every flush interval (and at
 * every keyframe); the closed chunk is reported once more, sealed. Times are wall-clock ms: the
 * first packet's receive time anchors the stream's PTS, later times follow the PTS, so the chunks
 * of one writer are exactly contiguous (a chunk ends where the next begins). The next chunk
 * re-anchors on the receive time when the PTS time runs more than {@link #MAX_AHEAD_MS} ahead of
 * it (no packet arrives before it was taken: the anchor was late, or the camera's clock runs fast
 * or jumped) or more than {@link #MAX_BEHIND_MS} behind it (a camera clock that runs slow). Packets
 * that arrive a few seconds late (a reader that fell behind under load, a standby's stream handed
 * over) keep their PTS time: taking their late arrival for their time would cut a hole into the
 * timeline where no frame was lost.
 *
 * <p>Live RTSP sends packets this writer does not write (each is counted, the caller unrefs it):
 * before the first keyframe, without any timestamp, or with a DTS that does not increase (by up to
 * {@link #MAX_STEP_BACK_MS}; a DTS further back means the stream's clock started again, and a new
 * chunk starts at the next keyframe). A missing DTS is taken from the PTS. Video only: other
 * streams are skipped.
 *
 * <p>Packets are passed in with their receive time, so a writer can equally start from packets
 * buffered in memory (the standby of zero-gap failover). Not thread-safe: one session thread.
 */
public final class ChunkWriter implements PacketSink {

  /** PTS time this far ahead of the receive time re-anchors the next chunk. */
  static final long MAX_AHEAD_MS = 2_000;
  /**
   * PTS time this far behind the receive time re-anchors the next chunk. Longer than the socket
   * timeout (5 s): a stream silent for longer ends with an error and a new session anyway.
   */
  static final long MAX_BEHIND_MS = 10_000;
  /**
   * A DTS this far (or less) behind the last one is a packet out of order: dropped. Further back,
   * the stream's clock started again: a new chunk begins.
   */
  static final long MAX_STEP_BACK_MS = 1_000;

  private static final AVRational MILLIS = new AVRational().num(1).den(1000);

  private final String cameraId;
  private final CameraMedia media;
  private final StreamInfo video;
  private final long chunkDurationMs;
  private final long flushIntervalMs;
  private final ChunkSink sink;
  private final RecordingMetrics metrics;

  // The stream clock: anchorPts (source time base) happened at anchorMs (wall clock).
  private long anchorMs;
  private long anchorPts = AV_NOPTS_VALUE;
  private long tsOffset = AV_NOPTS_VALUE; // first DTS: written timestamps start near zero
  private long lastDts = AV_NOPTS_VALUE;
  private long lastTimeMs = Long.MIN_VALUE;
  private long frameMs; // spacing of the last two packets: the duration when a packet has none
  private long dropped;
  private long restarts;

  private Chunk open; // null between chunks

  public ChunkWriter(String cameraId, CameraMedia media, StreamInfo video, RecordingSettings settings,
      ChunkSink sink, RecordingMetrics metrics) {
    this.cameraId = cameraId;
    this.media = media;
    this.video = video;
    this.chunkDurationMs = settings.chunkDuration().toMillis();
    this.flushIntervalMs = settings.flushInterval().toMillis();
    this.sink = sink;
    this.metrics = metrics;
  }

  /**
   * Writes one packet received at {@code receivedAtMs} (wall clock), or drops it. Changes the
   * packet's timestamps in place; the caller still owns (and unrefs) it.
   *
   * @return true if written, false if skipped or dropped
   * @throws StorageException the chunk file cannot be created or written; the writer is then
   *     closed and must not be used again
   */
  @Override
  public boolean write(AVPacket packet, long receivedAtMs) throws StorageException {
    if (packet.stream_index() != video.streamIndex()) {
      return false;
    }
    long pts = packet.pts();
    long dts = packet.dts() != AV_NOPTS_VALUE ? packet.dts() : pts;
    if (dts == AV_NOPTS_VALUE) {
      return drop();
    }
    if (pts == AV_NOPTS_VALUE) {
      pts = dts;
    }
    boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
    if (open == null && !key) {
      return drop(); // a chunk (and a standalone HLS segment) must begin with a keyframe
    }
    try {
      if (lastDts != AV_NOPTS_VALUE && dts <= lastDts) {
        if (av_rescale_q(lastDts - dts, video.timeBase(), MILLIS) <= MAX_STEP_BACK_MS) {
          return drop(); // the muxer would refuse it (error -22)
        }
        // The stream's clock started again (an encoder restarted, a shared stream was restarted
        // for another client): dropping until it caught up would lose everything. A new chunk
        // starts at the next keyframe, on its receive time.
        restartClock();
        if (!key) return drop();
      }
      if (anchorPts == AV_NOPTS_VALUE) {
        anchorPts = pts;
        anchorMs = receivedAtMs;
        tsOffset = dts;
      }
      long timeMs = timeOf(pts);
      if (key && open != null && timeMs - open.startMs >= chunkDurationMs) {
        long drift = timeMs - receivedAtMs;
        if (drift > MAX_AHEAD_MS || drift < -MAX_BEHIND_MS) {
          sealOpen(open.endMs);
          anchorPts = pts;
          anchorMs = receivedAtMs;
          timeMs = receivedAtMs;
        } else {
          sealOpen(timeMs);
        }
      }
      if (open == null) {
        open = new Chunk(timeMs, ChunkFile.create(chunkPath(timeMs), video));
      }
      if (lastTimeMs != Long.MIN_VALUE && timeMs > lastTimeMs && timeMs - lastTimeMs <= 1000) {
        frameMs = timeMs - lastTimeMs; // a longer step is a gap in the stream, not a frame
      }
      lastTimeMs = timeMs;
      long durationMs = packet.duration() > 0
          ? av_rescale_q(packet.duration(), video.timeBase(), MILLIS) : frameMs;
      packet.pts(pts - tsOffset);
      packet.dts(dts - tsOffset);
      if (key) {
        writeKeyframe(packet, timeMs);
      } else {
        open.file.write(packet);
      }
      lastDts = dts;
      open.endMs = Math.max(open.endMs, timeMs + durationMs);
      if (key || receivedAtMs - open.lastFlushAtMs >= flushIntervalMs) {
        flushAndReport(receivedAtMs);
      }
      return true;
    } catch (StorageException e) {
      abandonOpen();
      throw e;
    }
  }

  /** Forgets the stream clock after a timestamp reset; the open chunk ends where it was. */
  private void restartClock() throws StorageException {
    if (open != null) sealOpen(open.endMs);
    anchorPts = AV_NOPTS_VALUE;
    tsOffset = AV_NOPTS_VALUE;
    lastDts = AV_NOPTS_VALUE;
    lastTimeMs = Long.MIN_VALUE;
    restarts++;
  }

  /** How often the stream's clock started again (timestamps that jumped back). */
  public long clockRestarts() {
    return restarts;
  }

  /** Seals the open chunk (if any). After a storage error the chunk is reported as it was. */
  @Override
  public void close() {
    if (open != null) {
      try {
        sealOpen(open.endMs);
      } catch (StorageException e) {
        abandonOpen();
      }
    }
  }

  /** Packets dropped so far (before the first keyframe, no timestamp, DTS not increasing). */
  public long droppedPackets() {
    return dropped;
  }

  /** The record of the open chunk as last reported, or null. */
  public ChunkRecord openChunk() {
    return open == null ? null : open.record(false);
  }

  private void writeKeyframe(AVPacket packet, long timeMs) throws StorageException {
    long before = open.file.flush();
    open.file.write(packet);
    long after = open.file.flush();
    long offset = open.keyframes.isEmpty() ? 0 : patOffset(before, after);
    if (offset >= 0) {
      open.keyframes.add(new KeyframeEntry(timeMs, offset));
    }
  }

  /** Where the PAT written for this keyframe begins, or -1 if the muxer wrote none. */
  private long patOffset(long from, long to) throws StorageException {
    try {
      if (open.reader == null) {
        open.reader = FileChannel.open(open.file.path(), StandardOpenOption.READ);
      }
      return TsPackets.firstPat(open.reader, from, to);
    } catch (IOException e) {
      throw new StorageException("storage not readable: " + open.file.path() + ": " + e.getMessage(), e);
    }
  }

  private void flushAndReport(long nowMs) throws StorageException {
    long before = open.reportedBytes;
    open.reportedBytes = open.file.flush();
    open.lastFlushAtMs = nowMs;
    metrics.addBytesWritten(open.reportedBytes - before);
    sink.chunkUpdated(open.record(false));
  }

  private void sealOpen(long endMs) throws StorageException {
    Chunk chunk = open;
    long before = chunk.reportedBytes;
    chunk.reportedBytes = chunk.file.finish();
    chunk.endMs = endMs;
    chunk.closeReader();
    open = null;
    metrics.addBytesWritten(chunk.reportedBytes - before);
    metrics.chunkSealed();
    sink.chunkUpdated(chunk.record(true));
  }

  /** After a storage error: free the muxer, report what is known to be on disk, sealed. */
  private void abandonOpen() {
    Chunk chunk = open;
    open = null;
    if (chunk == null) {
      return;
    }
    chunk.file.close();
    chunk.closeReader();
    if (chunk.reportedBytes > 0) {
      metrics.chunkSealed();
      sink.chunkUpdated(chunk.record(true));
    }
  }

  private long timeOf(long pts) {
    return anchorMs + av_rescale_q(pts - anchorPts, video.timeBase(), MILLIS);
  }

  private boolean drop() {
    dropped++;
    metrics.packetDropped();
    return false;
  }

  private Path chunkPath(long startMs) throws StorageException {
    try {
      return media.newChunkFile(startMs);
    } catch (IOException e) {
      throw new StorageException("storage not writable: cannot create the chunk of " + startMs + " of camera "
          + cameraId + ": " + StorageException.why(e), e);
    }
  }

  /** The chunk being written. */
  private final class Chunk {
    final long startMs;
    final ChunkFile file;
    final List<KeyframeEntry> keyframes = new ArrayList<>();
    long endMs;
    long reportedBytes;
    long lastFlushAtMs = Long.MIN_VALUE / 2;
    FileChannel reader; // reads PAT offsets back

    Chunk(long startMs, ChunkFile file) {
      this.startMs = startMs;
      this.file = file;
      this.endMs = startMs;
    }

    ChunkRecord record(boolean sealed) {
      return new ChunkRecord(cameraId, startMs, endMs, file.path().toString(), reportedBytes,
          keyframes, sealed);
    }

    void closeReader() {
      if (reader != null) {
        try {
          reader.close();
        } catch (IOException ignored) {
          // read-only channel: nothing to lose
        }
        reader = null;
      }
    }
  }
}

package io.argusvms.recording;

import io.argusvms.archive.CameraMedia;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The way of a camera's packets inside one recording attempt:
 * {@code PacketSource -> stage ... -> ChunkWriter -> ChunkSink}. A stage wraps the sink after it
 * (a packet buffer, a tap for live view); none by default, so a camera without one pays nothing.
 * Built fresh for every attempt, with the stream's video parameters. It also sets how often its
 * head, Argus's RTSP reader, reads: a stage that only holds packets needs them less often than a
 * writer whose chunks a live viewer follows.
 */
public final class RecordingPipeline {
  /** Wraps the rest of the pipeline, for one attempt at the stream {@code video}. */
  @FunctionalInterface
  public interface Stage {
    PacketSink wrap(StreamInfo video, PacketSink next);
  }

  private final List<Stage> stages;
  private final LongSupplier readBatchMs; // null: the settings' read-batch

  private RecordingPipeline(List<Stage> stages, LongSupplier readBatchMs) {
    this.stages = List.copyOf(stages);
    this.readBatchMs = readBatchMs;
  }

  /** Source straight to the chunk writer. */
  public static RecordingPipeline direct() {
    return new RecordingPipeline(List.of(), null);
  }

  /** With these stages in front of the writer, the first one first. */
  public static RecordingPipeline of(List<Stage> stages) {
    return new RecordingPipeline(stages, null);
  }

  /** The same stages, the reader letting packets gather for {@code readBatchMs} (asked before every read). */
  RecordingPipeline readingEvery(LongSupplier readBatchMs) {
    return new RecordingPipeline(stages, readBatchMs);
  }

  /** How long the reader lets packets gather between reads, now. */
  LongSupplier readBatchMs(RecordingSettings settings) {
    if (readBatchMs != null) return readBatchMs;
    long fixed = settings.readBatch().toMillis();
    return () -> fixed;
  }

  /** The head of the pipeline for one attempt: what the source's packets are written to. */
  PacketSink build(String cameraId, CameraMedia media, StreamInfo video, RecordingSettings settings, ChunkSink sink,
      RecordingMetrics metrics) {
    PacketSink head = new ChunkWriter(cameraId, media, video, settings, sink, metrics);
    for (int i = stages.size() - 1; i >= 0; i--) head = stages.get(i).wrap(video, head);
    return head;
  }
}

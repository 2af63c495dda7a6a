package io.argusvms.recording;

import io.argusvms.archive.CameraMedia;
import java.util.List;

/**
 * The way of a camera's packets inside one recording attempt:
 * {@code PacketSource -> stage ... -> ChunkWriter -> ChunkSink}. A stage wraps the sink after it
 * (a packet buffer, a tap for live view); none by default, so a camera without one pays nothing.
 * Built fresh for every attempt, with the stream's video parameters.
 */
public final class RecordingPipeline {
  /** Wraps the rest of the pipeline, for one attempt at the stream {@code video}. */
  @FunctionalInterface
  public interface Stage {
    PacketSink wrap(StreamInfo video, PacketSink next);
  }

  private final List<Stage> stages;

  private RecordingPipeline(List<Stage> stages) {
    this.stages = List.copyOf(stages);
  }

  /** Source straight to the chunk writer. */
  public static RecordingPipeline direct() {
    return new RecordingPipeline(List.of());
  }

  /** With these stages in front of the writer, the first one first. */
  public static RecordingPipeline of(List<Stage> stages) {
    return new RecordingPipeline(stages);
  }

  /** The head of the pipeline for one attempt: what the source's packets are written to. */
  PacketSink build(String cameraId, CameraMedia media, StreamInfo video, RecordingSettings settings, ChunkSink sink,
      RecordingMetrics metrics) {
    PacketSink head = new ChunkWriter(cameraId, media, video, settings, sink, metrics);
    for (int i = stages.size() - 1; i >= 0; i--) head = stages.get(i).wrap(video, head);
    return head;
  }
}

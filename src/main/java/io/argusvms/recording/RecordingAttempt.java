package io.argusvms.recording;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;

import io.argusvms.archive.CameraMedia;
import java.io.IOException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One try at recording a camera, thrown away when it ends: check the storage, open the stream,
 * build the pipeline, pump packets until an error or stop, seal. Nothing carries over to the next
 * try; what the session needs to know comes back as the {@link Outcome}.
 */
final class RecordingAttempt {
  private static final Logger log = LoggerFactory.getLogger(RecordingAttempt.class);

  /** Everything an attempt needs, the same for every attempt of a session. */
  record Plan(String cameraId, CameraUrl url, String username, String password, CameraMedia media,
      RecordingSettings settings, RecordingPipeline pipeline, ChunkSink sink, RecordingMetrics metrics) {}

  /**
   * How an attempt ended: {@code error} why (null when stopped on purpose); {@code storage} when
   * the archive, not the camera, was the reason; {@code recorded} when any packet reached the archive.
   */
  record Outcome(String error, boolean storage, boolean recorded) {}

  private final Plan plan;
  private final RtspSources rtspSources;
  private final BooleanSupplier stopRequested;
  private final Runnable onFirstWrite;

  /** @param onFirstWrite called once, when the first packet reached the archive */
  RecordingAttempt(Plan plan, RtspSources rtspSources, BooleanSupplier stopRequested, Runnable onFirstWrite) {
    this.plan = plan;
    this.rtspSources = rtspSources;
    this.stopRequested = stopRequested;
    this.onFirstWrite = onFirstWrite;
  }

  Outcome run() {
    // Storage is checked before the camera is touched, so a full disk costs the camera nothing.
    Optional<String> notWritable = plan.media().whyNotWritable();
    if (notWritable.isPresent()) return new Outcome(notWritable.get(), true, false);
    PacketSource source;
    try {
      source = open();
    } catch (SourceException e) {
      return new Outcome(e.getMessage(), false, false);
    } catch (RuntimeException e) {
      log.warn("camera {}: unexpected error opening {}", plan.cameraId(), plan.url().redacted(), e);
      return new Outcome("cannot open stream: " + plan.url().redacted() + ": " + e, false, false);
    }
    PacketSink head = plan.pipeline().build(plan.cameraId(), plan.media(), source.video(), plan.settings(),
        plan.sink(), plan.metrics());
    boolean recorded = false;
    try {
      while (!stopRequested.getAsBoolean()) {
        AVPacket packet = source.read();
        try {
          if (head.write(packet, System.currentTimeMillis()) && !recorded) {
            recorded = true;
            onFirstWrite.run();
          }
        } finally {
          av_packet_unref(packet); // written, held (a stage took its own reference) or dropped
        }
      }
      return new Outcome(null, false, recorded);
    } catch (IOException e) {
      // SourceException or StorageException: expected, the reason says why
      rtspSources.readerFailed(e);
      return new Outcome(e.getMessage(), e instanceof StorageException, recorded);
    } catch (RuntimeException e) {
      log.warn("camera {}: unexpected recording error", plan.cameraId(), e);
      return new Outcome("recording failed: " + e, false, recorded);
    } finally {
      try {
        head.close(); // seals the open chunk
      } catch (RuntimeException e) {
        log.warn("camera {}: could not report the sealed chunk", plan.cameraId(), e);
      }
      source.close();
    }
  }

  private PacketSource open() throws SourceException {
    return plan.url().kind() == CameraUrl.Kind.DEMO
        ? DemoSource.open(plan.url(), stopRequested)
        : rtspSources.open(plan.url(), plan.username(), plan.password(), plan.settings(),
            plan.pipeline().readBatchMs(plan.settings()), stopRequested);
  }
}

package io.argusvms.recording;

import io.argusvms.archive.CameraMedia;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one camera on its own thread (never a Pekko dispatcher), as a supervisor of throw-away
 * {@link RecordingAttempt}s: each attempt opens the stream and pumps it through the
 * {@link RecordingPipeline} until an error; the session then reports why, waits (backoff
 * reconnect-min doubling to reconnect-max; storage errors always reconnect-min) and starts a new
 * attempt, until {@link #stop()}.
 *
 * <p>States go to the {@link RecorderStatusListener} and the log once per change: CONNECTING
 * (with the reason of the last failure, null on the first try), RECORDING once packets are
 * written, STOPPED after stop(). Credentials never reach a log line or an error.
 */
public final class RecordingSession {

  private static final Logger log = LoggerFactory.getLogger(RecordingSession.class);

  /** How long stop() waits for the session thread; FFmpeg calls are interrupted at once. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final RecordingAttempt.Plan plan;
  private final StatusReporter status;
  private final Backoff backoff;
  private final RtspSources rtspSources; // which reader, remembered across this session's attempts
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean stopRequested;

  private RecordingSession(RecordingAttempt.Plan plan, RecorderStatusListener listener) {
    this.rtspSources = new RtspSources(plan.cameraId());
    this.plan = plan;
    this.status = new StatusReporter(plan.cameraId(), plan.url(), listener);
    this.backoff = new Backoff(plan.settings().reconnectMin(), plan.settings().reconnectMax());
    this.thread = new Thread(this::run, "recording-" + plan.cameraId());
    this.thread.setDaemon(true);
  }

  /**
   * Starts recording a camera on a new thread, straight from source to chunk writer.
   *
   * @param url {@code rtsp://host[:port]/path}, {@code rtsps://...} or {@code demo://name}
   * @param username null or empty for none; joined into the RTSP URL only when opening
   * @param media where this camera's chunks go
   * @throws IllegalArgumentException if the URL is not one the recorder can open (the listener
   *     is not called)
   */
  public static RecordingSession start(String cameraId, String url, String username, String password,
      CameraMedia media, RecordingSettings settings, ChunkSink sink, RecorderStatusListener listener) {
    return start(cameraId, url, username, password, media, settings, sink, listener, RecordingMetrics.global());
  }

  /** As {@link #start(String, String, String, String, CameraMedia, RecordingSettings, ChunkSink,
   * RecorderStatusListener)}, counting into the given metrics. */
  public static RecordingSession start(String cameraId, String url, String username, String password,
      CameraMedia media, RecordingSettings settings, ChunkSink sink, RecorderStatusListener listener,
      RecordingMetrics metrics) {
    return start(new RecordingAttempt.Plan(Objects.requireNonNull(cameraId), CameraUrl.parse(url), username, password,
        media, settings, RecordingPipeline.direct(), sink, metrics), listener);
  }

  static RecordingSession start(RecordingAttempt.Plan plan, RecorderStatusListener listener) {
    RecordingSession session = new RecordingSession(plan, listener);
    session.thread.start();
    return session;
  }

  /**
   * Stops recording: seals the open chunk, reports STOPPED. Returns when the session thread has
   * ended (FFmpeg's blocking calls are interrupted, so this is quick), or after 5 s at worst.
   */
  public void stop() {
    stopRequested = true;
    stopSignal.countDown();
    if (Thread.currentThread() == thread) return;
    try {
      thread.join(STOP_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) log.warn("camera {}: recording thread still busy {} after stop", plan.cameraId(), STOP_WAIT);
  }

  public String cameraId() {
    return plan.cameraId();
  }

  public boolean isRunning() {
    return thread.isAlive();
  }

  /** Its stream delivers now: the last state reported was recording. */
  public boolean isRecording() {
    return thread.isAlive() && status.lastState == RecorderState.RECORDING;
  }

  private void run() {
    String lastError = null; // shown while connecting again
    boolean first = true;
    while (!stopRequested) {
      if (!first) plan.metrics().reconnected();
      first = false;
      status.report(RecorderState.CONNECTING, lastError);
      RecordingAttempt.Outcome outcome = new RecordingAttempt(plan, rtspSources, () -> stopRequested, () -> {
        backoff.reset();
        status.report(RecorderState.RECORDING, null);
      }).run();
      if (stopRequested) break;
      lastError = outcome.error();
      status.report(RecorderState.CONNECTING, lastError);
      // Waiting for storage costs the camera nothing (it is checked before the camera is
      // opened): retry at the shortest wait, so recording resumes within a second once space is freed.
      sleep(outcome.storage() ? plan.settings().reconnectMin() : backoff.nextDelay());
    }
    status.report(RecorderState.STOPPED, null);
  }

  private void sleep(Duration delay) {
    try {
      stopSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopRequested = true;
    }
  }

  /** Tells the listener and the log about a state, once per change. */
  private static final class StatusReporter {
    private final String cameraId;
    private final CameraUrl url;
    private final RecorderStatusListener listener;
    private volatile RecorderState lastState;
    private String lastError;

    StatusReporter(String cameraId, CameraUrl url, RecorderStatusListener listener) {
      this.cameraId = cameraId;
      this.url = url;
      this.listener = listener;
    }

    void report(RecorderState state, String error) {
      if (state == lastState && Objects.equals(error, lastError)) return;
      lastState = state;
      lastError = error;
      if (error == null) log.info("camera {}: {} ({})", cameraId, state, url.redacted());
      else log.info("camera {}: {}: {}", cameraId, state, error);
      try {
        listener.onState(state, error);
      } catch (RuntimeException e) {
        log.warn("camera {}: status listener failed", cameraId, e);
      }
    }
  }
}

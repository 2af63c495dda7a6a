package io.argusvms.recording;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one camera on its own thread (never a Pekko dispatcher): opens the stream, hands its
 * packets to a {@link ChunkWriter}, and on any error seals the chunk, reports why, waits (backoff
 * reconnect-min doubling to reconnect-max; storage errors always reconnect-min) and tries again,
 * until {@link #stop()}.
 *
 * <p>States go to the {@link RecorderStatusListener} and the log once per change: CONNECTING
 * (with the reason of the last failure, null on the first try), RECORDING once packets are
 * written, STOPPED after stop(). Credentials never reach a log line or an error.
 */
public final class RecordingSession {

  private static final Logger log = LoggerFactory.getLogger(RecordingSession.class);

  /** How long stop() waits for the session thread; FFmpeg calls are interrupted at once. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  /** Below this much free space a new attempt would fail at its first flush: do not open the camera. */
  static final long MIN_FREE_BYTES_TO_START = 1L << 20;

  private final String cameraId;
  private final CameraUrl url;
  private final String username;
  private final String password;
  private final Path cameraDir;
  private final RecordingSettings settings;
  private final ChunkSink sink;
  private final RecorderStatusListener listener;
  private final RecordingMetrics metrics;
  private final Backoff backoff;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final Thread thread;

  private volatile boolean stopRequested;
  private boolean storageFailed; // the last attempt ended on storage, not on the camera
  private RecorderState lastState;
  private String lastError;

  private RecordingSession(String cameraId, CameraUrl url, String username, String password,
      Path cameraDir, RecordingSettings settings, ChunkSink sink, RecorderStatusListener listener,
      RecordingMetrics metrics) {
    this.cameraId = cameraId;
    this.url = url;
    this.username = username;
    this.password = password;
    this.cameraDir = cameraDir;
    this.settings = settings;
    this.sink = sink;
    this.listener = listener;
    this.metrics = metrics;
    this.backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax());
    this.thread = new Thread(this::run, "recording-" + cameraId);
    this.thread.setDaemon(true);
  }

  /**
   * Starts recording a camera on a new thread.
   *
   * @param url {@code rtsp://host[:port]/path} or {@code demo://name}; anything else is rejected
   * @param username null or empty for none; joined into the RTSP URL only when opening
   * @param cameraDir this camera's folder; chunks go to {@code cameraDir/<yyyy-MM-dd>/<startMs>.ts}
   * @throws IllegalArgumentException if the URL is not one the recorder can open (the listener
   *     is not called)
   */
  public static RecordingSession start(String cameraId, String url, String username,
      String password, Path cameraDir, RecordingSettings settings, ChunkSink sink,
      RecorderStatusListener listener) {
    return start(cameraId, url, username, password, cameraDir, settings, sink, listener,
        RecordingMetrics.global());
  }

  /** As {@link #start(String, String, String, String, Path, RecordingSettings, ChunkSink,
   * RecorderStatusListener)}, counting into the given metrics. */
  public static RecordingSession start(String cameraId, String url, String username,
      String password, Path cameraDir, RecordingSettings settings, ChunkSink sink,
      RecorderStatusListener listener, RecordingMetrics metrics) {
    CameraUrl parsed = CameraUrl.parse(url);
    RecordingSession session = new RecordingSession(Objects.requireNonNull(cameraId), parsed,
        username, password, cameraDir, settings, sink, listener, metrics);
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
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join(STOP_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("camera {}: recording thread still busy {} after stop", cameraId, STOP_WAIT);
    }
  }

  public String cameraId() {
    return cameraId;
  }

  public boolean isRunning() {
    return thread.isAlive();
  }

  private void run() {
    boolean firstAttempt = true;
    while (!stopRequested) {
      if (!firstAttempt) {
        metrics.reconnected();
      }
      firstAttempt = false;
      report(RecorderState.CONNECTING, lastError);
      String error = recordOnce();
      if (stopRequested) {
        break;
      }
      lastError = error;
      report(RecorderState.CONNECTING, error);
      // Storage is checked before the camera is touched, so waiting for it costs the camera nothing:
      // retry at the shortest wait, so recording resumes within a second once space is freed.
      sleep(storageFailed ? settings.reconnectMin() : backoff.nextDelay());
    }
    report(RecorderState.STOPPED, null);
  }

  /** One attempt: open, record until an error; returns the reason it ended. */
  private String recordOnce() {
    storageFailed = false;
    try {
      checkStorage();
    } catch (StorageException e) {
      storageFailed = true;
      return e.getMessage();
    }
    PacketSource source;
    try {
      source = url.kind() == CameraUrl.Kind.DEMO
          ? DemoSource.open(url, () -> stopRequested)
          : RtspSource.open(url, username, password, settings.socketTimeout(), () -> stopRequested);
    } catch (SourceException e) {
      return e.getMessage();
    } catch (RuntimeException e) {
      log.warn("camera {}: unexpected error opening {}", cameraId, url.redacted(), e);
      return "cannot open stream: " + url.redacted() + ": " + e;
    }
    ChunkWriter writer = new ChunkWriter(cameraId, cameraDir, source.video(), settings, sink, metrics);
    try {
      while (!stopRequested) {
        AVPacket packet = source.read();
        try {
          if (writer.write(packet, System.currentTimeMillis()) && lastState != RecorderState.RECORDING) {
            backoff.reset();
            lastError = null;
            report(RecorderState.RECORDING, null);
          }
        } finally {
          av_packet_unref(packet); // written or dropped: the packet's buffer is ours to free
        }
      }
      return null;
    } catch (IOException e) {
      storageFailed = e instanceof StorageException;
      return e.getMessage(); // SourceException or StorageException: expected, reason says why
    } catch (RuntimeException e) {
      log.warn("camera {}: unexpected recording error", cameraId, e);
      return "recording failed: " + e;
    } finally {
      try {
        writer.close(); // seals the open chunk
      } catch (RuntimeException e) {
        log.warn("camera {}: could not report the sealed chunk", cameraId, e);
      }
      source.close();
    }
  }

  /** Fails fast, before bothering the camera, when the camera's folder cannot be written. */
  private void checkStorage() throws StorageException {
    try {
      Files.createDirectories(cameraDir);
    } catch (IOException e) {
      throw new StorageException("storage not writable: cannot create " + cameraDir + ": "
          + StorageException.why(e), e);
    }
    if (!Files.isWritable(cameraDir)) {
      throw new StorageException("storage not writable: " + cameraDir);
    }
    long free;
    try {
      free = Files.getFileStore(cameraDir).getUsableSpace();
    } catch (IOException e) {
      throw new StorageException("storage not readable: " + cameraDir + ": " + StorageException.why(e), e);
    }
    if (free < MIN_FREE_BYTES_TO_START) {
      throw new StorageException("storage full: " + free + " bytes free on " + cameraDir);
    }
  }

  private void sleep(Duration delay) {
    try {
      stopSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopRequested = true;
    }
  }

  private void report(RecorderState state, String error) {
    if (state == lastState && Objects.equals(error, lastReportedError)) {
      return;
    }
    lastState = state;
    lastReportedError = error;
    if (error == null) {
      log.info("camera {}: {} ({})", cameraId, state, url.redacted());
    } else {
      log.info("camera {}: {}: {}", cameraId, state, error);
    }
    try {
      listener.onState(state, error);
    } catch (RuntimeException e) {
      log.warn("camera {}: status listener failed", cameraId, e);
    }
  }

  private String lastReportedError;
}

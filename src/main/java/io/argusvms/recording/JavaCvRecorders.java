package io.argusvms.recording;

import io.argusvms.archive.ChunkCatalog;
import io.argusvms.archive.MediaStore;
import io.argusvms.live.LiveFeeds;
import io.argusvms.system.CameraConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records cameras with JavaCV sessions into this server's archive and catalog, and holds standby
 * sessions: the same session with a {@link StandbyGate} in front of its chunk writer, which a
 * start of that camera opens (the recording begins with the buffer, on the thread that read it).
 * Every session feeds the camera's live stream on this server first ({@link LiveTap}).
 */
public final class JavaCvRecorders implements RecorderFactory, Standbys {
  private static final Logger log = LoggerFactory.getLogger(JavaCvRecorders.class);

  private record Standby(CameraConfig camera, RecordingSession session, StandbyGate gate, ForwardingListener listener) {}

  private final MediaStore layout;
  private final ChunkCatalog catalog;
  private final RecordingSettings settings;
  private final StandbySettings standbySettings;
  private final LiveFeeds live;
  private final Set<RecordingSession> running = ConcurrentHashMap.newKeySet();
  private final Map<String, Standby> standbys = new ConcurrentHashMap<>();

  public JavaCvRecorders(MediaStore layout, ChunkCatalog catalog, RecordingSettings settings,
      StandbySettings standbySettings, LiveFeeds live) {
    this.layout = layout;
    this.live = live;
    this.catalog = catalog;
    this.settings = settings;
    this.standbySettings = standbySettings;
  }

  @Override
  public Running start(CameraConfig camera, RecorderStatusListener listener) {
    Standby standby = standbys.remove(camera.id());
    if (standby != null && standby.camera().sameStreamAs(camera) && standby.session().isRunning()) {
      log.info("camera {}: recording from its standby's buffer ({} bytes, warm: {})", camera.id(),
          standby.gate().bufferedBytes(), standby.gate().warm());
      standby.gate().open();
      standby.listener().attach(listener);
      RecordingMetrics.global().standbyPromoted();
      return track(standby.session());
    }
    if (standby != null) stopLater(standby.session());
    return track(RecordingSession.start(new RecordingAttempt.Plan(camera.id(), CameraUrl.parse(camera.url()),
        camera.username(), camera.password(), layout.camera(camera.id()), settings,
        RecordingPipeline.of(List.of(LiveTap.stage(live.of(camera.id())))), catalog::put, RecordingMetrics.global()),
        listener));
  }

  private Running track(RecordingSession session) {
    running.add(session);
    return () -> {
      session.stop();
      running.remove(session);
    };
  }

  @Override
  public void hold(CameraConfig camera) {
    Standby old = standbys.get(camera.id());
    if (old != null && old.camera().sameStreamAs(camera) && old.session().isRunning()) return; // every tick: O(1)
    // Recorded here (a promoted standby, a handover that records on): a second session would only cost.
    if (running.stream().anyMatch(r -> r.cameraId().equals(camera.id()) && r.isRunning())) return;
    if (old != null && standbys.remove(camera.id(), old)) stopLater(old.session());
    StandbyGate gate = new StandbyGate(standbySettings.buffer(), standbySettings.maxBufferBytes());
    ForwardingListener listener = new ForwardingListener((state, error) -> { });
    RecordingAttempt.Plan plan = new RecordingAttempt.Plan(camera.id(), CameraUrl.parse(camera.url()),
        camera.username(), camera.password(), layout.camera(camera.id()), settings,
        RecordingPipeline.of(List.of(LiveTap.stage(live.of(camera.id())), gate.stage()))
            .readingEvery(gate.readBatchMs(standbySettings.readBatch(), settings.readBatch())),
        catalog::put, RecordingMetrics.global());
    standbys.put(camera.id(), new Standby(camera, RecordingSession.start(plan, listener), gate, listener));
    log.info("camera {}: standby started (buffer {})", camera.id(), standbySettings.buffer());
  }

  @Override
  public void release(String cameraId) {
    Standby s = standbys.remove(cameraId);
    if (s != null) {
      log.info("camera {}: standby stopped", cameraId);
      stopLater(s.session());
    }
  }

  @Override
  public Map<String, Held> held() {
    Map<String, Held> out = new HashMap<>();
    standbys.forEach((id, s) -> out.put(id,
        new Held(s.camera(), s.gate().warm(), s.listener().lastError(), s.gate().bufferedBytes())));
    return out;
  }

  /** Cameras whose stream this server receives now: recordings that record, standbys that are warm. */
  public Set<String> receivingCameraIds() {
    Set<String> out = new HashSet<>();
    running.forEach(r -> {
      if (r.isRecording()) out.add(r.cameraId());
    });
    standbys.forEach((id, s) -> {
      if (s.session().isRunning() && s.gate().warm()) out.add(id);
    });
    return out;
  }

  /** Prometheus text: standby sessions and the memory their buffers hold. */
  public String standbyPrometheus() {
    long warm = standbys.values().stream().filter(s -> s.gate().warm()).count();
    long bytes = standbys.values().stream().mapToLong(s -> s.gate().bufferedBytes()).sum();
    return "# HELP argus_standby_sessions Standby sessions this server holds (stream open, buffer in memory).\n"
        + "# TYPE argus_standby_sessions gauge\n"
        + "argus_standby_sessions " + standbys.size() + "\n"
        + "# HELP argus_standby_warm Standby sessions whose buffer holds a keyframe.\n"
        + "# TYPE argus_standby_warm gauge\n"
        + "argus_standby_warm " + warm + "\n"
        + "# HELP argus_standby_buffer_bytes Bytes of video the standby buffers hold.\n"
        + "# TYPE argus_standby_buffer_bytes gauge\n"
        + "argus_standby_buffer_bytes " + bytes + "\n";
  }

  /** stop() blocks while the session thread ends: never on the caller's (an actor's) thread. */
  private static void stopLater(RecordingSession session) {
    CompletableFuture.runAsync(session::stop);
  }

  /** At shutdown: seal every open chunk before the catalog closes; standbys end too. */
  public void stopAll() {
    List<RecordingSession> all = new ArrayList<>(running);
    standbys.values().forEach(s -> all.add(s.session()));
    standbys.clear();
    all.parallelStream().forEach(RecordingSession::stop);
    running.removeAll(all);
  }
}

package io.argusvms.camera;

import io.argusvms.camera.HandoverRule.Verdict;
import io.argusvms.recording.ForwardingListener;
import io.argusvms.recording.RecorderFactory;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStatus;
import io.argusvms.system.SystemState;
import io.argusvms.system.SystemStore;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server's recordings whose camera entity stopped for a planned move while the camera is
 * still wanted: each goes on until {@link HandoverRule} lets it stop (checked every
 * {@value #CHECK_MS} ms), or until a new camera entity on this server takes it back. One per actor
 * system; {@link #stopAll()} at its end.
 */
public final class Handovers {
  private static final Logger log = LoggerFactory.getLogger(Handovers.class);
  static final long CHECK_MS = 200;

  /** A recording going on without its entity. */
  record Handover(CameraConfig config, RecorderFactory.Running recorder, ForwardingListener listener, long sinceMs) {}

  /** A recording taken back by a new entity of the same camera on this server. */
  record TakenBack(RecorderFactory.Running recorder, ForwardingListener listener) {}

  private final SystemStore db;
  private final String serverId;
  private final long maxOverlapMs;
  private final Executor blocking;
  private final Map<String, Handover> running = new ConcurrentHashMap<>();
  private final Map<Verdict, AtomicLong> ended = new EnumMap<>(Verdict.class);
  private final AtomicLong takenBack = new AtomicLong();
  private final AtomicLong overlapMs = new AtomicLong();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "handovers");
    t.setDaemon(true);
    return t;
  });

  /** @param maxOverlap the longest a recording outlives its entity ({@code argus.recording.handover-overlap-max}) */
  public Handovers(SystemStore db, String serverId, Duration maxOverlap, Executor blocking) {
    this.db = db;
    this.serverId = serverId;
    this.maxOverlapMs = maxOverlap.toMillis();
    this.blocking = blocking;
    for (Verdict v : Verdict.values()) if (v != Verdict.KEEP) ended.put(v, new AtomicLong());
    if (enabled()) ticker.scheduleWithFixedDelay(this::check, CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
  }

  /** Whether planned moves overlap at all (a maximum of 0 turns handovers off: break-before-make). */
  boolean enabled() {
    return maxOverlapMs > 0;
  }

  /** The camera's entity stopped for a move: its recording goes on without it. */
  void keepRecording(CameraConfig config, RecorderFactory.Running recorder, ForwardingListener listener) {
    listener.detach();
    Handover previous = running.put(config.id(), new Handover(config, recorder, listener, System.currentTimeMillis()));
    if (previous != null) stop(previous); // cannot happen (one entity per camera); never leak a session
    log.info("camera {}: left this server; recording on until its new server records", config.id());
  }

  /** A new entity of this camera on this server takes its handed-over recording back, when it records the same stream. */
  Optional<TakenBack> takeBack(CameraConfig wanted) {
    Handover h = running.remove(wanted.id());
    if (h == null) return Optional.empty();
    if (!h.config().sameStreamAs(wanted)) {
      stop(end(h, Verdict.NOT_WANTED, " (its stream changed)"));
      return Optional.empty();
    }
    takenBack.incrementAndGet();
    log.info("camera {}: back on this server; its recording never stopped", wanted.id());
    return Optional.of(new TakenBack(h.recorder(), h.listener()));
  }

  /** How many recordings outlive their entity now. */
  public int size() {
    return running.size();
  }

  /**
   * At a planned shutdown, after the camera entities stopped: waits (blocking, at most
   * {@code within}) until every handed-over recording has been taken over, then stops the rest.
   */
  public void drain(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    try {
      while (!running.isEmpty() && System.nanoTime() < deadline) Thread.sleep(CHECK_MS / 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopAll();
  }

  /** Stops every handed-over recording now (blocking until each has sealed its chunk) and the checks. */
  public void stopAll() {
    ticker.shutdownNow();
    List<String> ids = List.copyOf(running.keySet());
    ids.parallelStream().forEach(id -> {
      Handover h = running.remove(id);
      if (h != null) end(h, Verdict.TIMED_OUT, "this server stops").recorder().stop();
    });
  }

  /** Prometheus text: how handovers ended and the overlap they recorded. */
  public String prometheus() {
    StringBuilder b = new StringBuilder();
    b.append("# HELP argus_handovers_total Recordings that went on after their camera left this server on purpose, "
        + "by how they ended (taken_back: the camera came back to this server).\n");
    b.append("# TYPE argus_handovers_total counter\n");
    ended.forEach((v, n) -> b.append("argus_handovers_total{outcome=\"").append(v.name().toLowerCase())
        .append("\"} ").append(n.get()).append('\n'));
    b.append("argus_handovers_total{outcome=\"taken_back\"} ").append(takenBack.get()).append('\n');
    b.append("# HELP argus_handover_overlap_seconds_total Time recorded by a camera's old server after it left "
        + "(recorded twice; trimmed on playback).\n");
    b.append("# TYPE argus_handover_overlap_seconds_total counter\n");
    b.append("argus_handover_overlap_seconds_total ").append(overlapMs.get() / 1000.0).append('\n');
    return b.toString();
  }

  private void check() {
    try {
      SystemState s = db.state();
      long now = System.currentTimeMillis();
      for (Handover h : running.values()) {
        String id = h.config().id();
        CameraStatus status = s.cameraStatus().get(id);
        boolean online = status != null && status.serverId() != null && s.isOnline(status.serverId());
        Verdict v = HandoverRule.decide(serverId, h.config(), s.cameras().get(id), status, online, now - h.sinceMs(),
            maxOverlapMs);
        if (v != Verdict.KEEP && running.remove(id, h)) {
          String by = status != null && status.serverId() != null ? " (server " + status.serverId() + ")" : "";
          stop(end(h, v, by));
        }
      }
    } catch (RuntimeException e) {
      log.warn("handover check failed", e);
    }
  }

  private Handover end(Handover h, Verdict v, String detail) {
    long overlap = System.currentTimeMillis() - h.sinceMs();
    ended.get(v).incrementAndGet();
    overlapMs.addAndGet(overlap);
    log.info("camera {}: handover ended after {} ms: {}{}", h.config().id(), overlap, v.name().toLowerCase(), detail);
    return h;
  }

  private void stop(Handover h) {
    blocking.execute(h.recorder()::stop); // stop() blocks while it seals the chunk
  }
}

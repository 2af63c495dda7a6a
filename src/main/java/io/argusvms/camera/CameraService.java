package io.argusvms.camera;

import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStandby;
import io.argusvms.system.CameraStatus;
import io.argusvms.system.DataKeys;
import io.argusvms.system.FailoverPriority;
import io.argusvms.system.ServiceException;
import io.argusvms.system.SystemState;
import io.argusvms.system.SystemStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The cameras of the System: list them with their true status ({@link CameraStatusRule}), add,
 * change, remove, and set failover priorities in bulk. Input is validated by the caller; this
 * service holds the rules that need the System's state (unknown ids, duplicate ids, known homes).
 */
public final class CameraService {
  private final SystemStore store;
  private final String serverId;

  /** @param serverId the server answering (a valid home even before its registration arrives) */
  public CameraService(SystemStore store, String serverId) {
    this.store = store;
    this.serverId = serverId;
  }

  /** A camera with its live status, as GET /api/v1/cameras shows it. */
  /** @param standby the camera's standby when its server is online, or null */
  public record CameraView(CameraConfig config, CameraStatus status, CameraStandby standby) {
    static CameraView of(SystemState s, CameraConfig c) {
      return new CameraView(c, CameraStatusRule.status(s, c), CameraStatusRule.standby(s, c));
    }
  }

  public String serverId() {
    return serverId;
  }

  public List<CameraView> cameras() {
    SystemState s = store.state();
    return s.cameras().values().stream()
        .sorted(Comparator.comparing(CameraConfig::name).thenComparing(CameraConfig::id))
        .map(c -> CameraView.of(s, c))
        .toList();
  }

  public Optional<CameraView> camera(String id) {
    SystemState s = store.state();
    return Optional.ofNullable(s.cameras().get(id)).map(c -> CameraView.of(s, c));
  }

  /** The camera, or a 404 refusal. */
  public CameraView existing(String id) {
    return camera(id).orElseThrow(() -> ServiceException.notFound("camera '" + id + "'"));
  }

  /** The server that holds the camera now, if any. */
  public Optional<String> recordingServer(String id) {
    return camera(id).map(v -> v.status().serverId());
  }

  /** True when the camera may be named as a home: a registered server, or the one answering. */
  public boolean isKnownServer(String id) {
    return id.equals(serverId) || store.state().servers().containsKey(id);
  }

  /** The config is validated already and its id is new (409 if not). */
  public CompletionStage<CameraView> add(CameraConfig camera) {
    if (store.state().cameras().containsKey(camera.id())) {
      return CompletableFuture.failedFuture(ServiceException.conflict("conflict", "camera " + camera.id() + " exists"));
    }
    return save(camera);
  }

  public CompletionStage<CameraView> update(CameraConfig camera) {
    if (!store.state().cameras().containsKey(camera.id())) {
      return CompletableFuture.failedFuture(ServiceException.notFound("camera '" + camera.id() + "'"));
    }
    return save(camera);
  }

  private CompletionStage<CameraView> save(CameraConfig camera) {
    return knownServer(camera.homeServerId()).thenCompose(known -> known
        ? store.put(DataKeys.CAMERAS, camera.id(), camera).thenApply(d -> CameraView.of(store.state(), camera))
        : CompletableFuture.failedFuture(ServiceException.badRequest("homeServerId",
            "no server with id '" + camera.homeServerId() + "'")));
  }

  /**
   * Whether the System has a server of that id. This server's snapshot follows its replica of the
   * System database up to half a second late (Distributed Data tells subscribers at intervals), so
   * an id it does not know yet is looked up on a majority before it is refused: a server that has
   * just registered (written to a majority) already answers health "ok", and a camera homed on it
   * at once through another server was refused with a 400 (CI, ReadinessSystemTest).
   */
  private CompletionStage<Boolean> knownServer(String id) {
    if (isKnownServer(id)) return CompletableFuture.completedFuture(true);
    return store.readMajority(DataKeys.SERVERS)
        .exceptionallyCompose(noMajority -> store.readLocal(DataKeys.SERVERS))
        .thenApply(servers -> servers.containsKey(id))
        .exceptionally(unreadable -> false);
  }

  /** Stops recording; the archive stays until retention removes it. */
  public CompletionStage<Void> remove(String id) {
    if (!store.state().cameras().containsKey(id)) {
      return CompletableFuture.failedFuture(ServiceException.notFound("camera '" + id + "'"));
    }
    return store.remove(DataKeys.CAMERAS, id).thenApply(d -> null);
  }

  /** All or nothing: an unknown id refuses the whole change. Answers the changed cameras. */
  public CompletionStage<List<CameraView>> setFailoverPriority(List<String> cameraIds, FailoverPriority priority) {
    Map<String, CameraConfig> cams = store.state().cameras();
    Map<String, CameraConfig> changed = new HashMap<>();
    for (String id : cameraIds) {
      CameraConfig c = cams.get(id);
      if (c == null) return CompletableFuture.failedFuture(ServiceException.notFound("camera '" + id + "'"));
      changed.put(id, c.withFailoverPriority(priority));
    }
    return store.putAll(DataKeys.CAMERAS, changed)
        .thenApply(d -> cameraIds.stream().map(this::camera).flatMap(Optional::stream).toList());
  }

  /** Cameras by state, Prometheus text. */
  public String prometheus() {
    StringBuilder sb = new StringBuilder("# TYPE argus_cameras gauge\n");
    CameraStatusRule.countsByState(store.state()).forEach((st, n) ->
        sb.append("argus_cameras{state=\"").append(st).append("\"} ").append(n).append('\n'));
    return sb.toString();
  }
}

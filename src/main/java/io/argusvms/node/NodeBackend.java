package io.argusvms.node;

import io.argusvms.archive.ChunkCatalog;
import io.argusvms.archive.ChunkRecord;
import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.discovery.SeenSystem;
import io.argusvms.merge.ClusterKey;
import io.argusvms.merge.MergeException;
import io.argusvms.merge.MergeOutcome;
import io.argusvms.merge.SystemExport;
import io.argusvms.merge.SystemMerge;
import io.argusvms.http.ApiException;
import io.argusvms.http.ArgusBackend;
import io.argusvms.playback.ArchiveSummaries;
import io.argusvms.playback.ArchiveSummary;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStatus;
import io.argusvms.system.DataKeys;
import io.argusvms.system.FailoverPriority;
import io.argusvms.system.PasswordHasher;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.ServerRuntime;
import io.argusvms.system.StorageInfo;
import io.argusvms.system.SystemDatabase;
import io.argusvms.system.SystemIdentity;
import io.argusvms.system.SystemSecret;
import io.argusvms.system.SystemState;
import io.argusvms.system.UserRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The server side of the HTTP API: reads from the System database snapshot and this server's
 * catalog, writes to the System database. Camera status is derived here so that it tells the
 * truth on every server: a camera whose recording server is not up is "unplaced".
 */
public final class NodeBackend implements ArgusBackend {
  public static final String VERSION = "0.1.0";

  private final SystemDatabase db;
  private final String serverId;
  private final ChunkCatalog catalog;
  private final Supplier<StorageInfo> localStorage;
  private final Supplier<String> extraMetrics;
  private final ArchiveSummaries summaries;
  private final Function<String, List<SeenSystem>> discovery;
  private final SystemMerge merge;
  private final Executor blocking;
  /** Basic auth would run PBKDF2 on every request: remember verified passwords briefly. */
  private final Map<String, Long> verified = new ConcurrentHashMap<>();

  public NodeBackend(SystemDatabase db, String serverId, ChunkCatalog catalog, Supplier<StorageInfo> localStorage,
      Supplier<String> extraMetrics, Function<String, List<SeenSystem>> discovery, SystemMerge merge,
      Executor blocking, ArchiveSummaries summaries) {
    this.discovery = discovery;
    this.merge = merge;
    this.blocking = blocking;
    this.summaries = summaries;
    this.db = db;
    this.serverId = serverId;
    this.catalog = catalog;
    this.localStorage = localStorage;
    this.extraMetrics = extraMetrics;
  }

  @Override public String serverId() { return serverId; }

  @Override public String version() { return VERSION; }

  @Override
  public SystemIdentity identity() {
    return db.state().identity().orElseThrow(() ->
        new ApiException(503, "not_ready", "this server has not received the System database yet; try again"));
  }

  @Override
  public CompletionStage<SystemIdentity> renameSystem(String name) {
    SystemIdentity renamed = new SystemIdentity(identity().systemId(), name);
    return db.put(DataKeys.IDENTITY, DataKeys.SINGLE, renamed).thenApply(d -> renamed);
  }

  @Override
  public List<ServerView> servers() {
    SystemState s = db.state();
    Map<String, Integer> counts = cameraCounts(s);
    return s.servers().values().stream()
        .sorted(Comparator.comparing(ServerInfo::name))
        .map(info -> view(s, info, counts))
        .toList();
  }

  @Override
  public Optional<ServerView> server(String id) {
    SystemState s = db.state();
    return Optional.ofNullable(s.servers().get(id)).map(info -> view(s, info, cameraCounts(s)));
  }

  private ServerView view(SystemState s, ServerInfo info, Map<String, Integer> counts) {
    StorageInfo storage;
    if (info.id().equals(serverId)) storage = localStorage.get();
    else {
      ServerRuntime rt = s.serverRuntime().get(info.id());
      storage = rt != null ? rt.storage() : new StorageInfo("", 0, 0, false);
    }
    return new ServerView(info, s.isOnline(info.id()), counts.getOrDefault(info.id(), 0), storage);
  }

  private Map<String, Integer> cameraCounts(SystemState s) {
    Map<String, Integer> counts = new HashMap<>();
    for (CameraConfig c : s.cameras().values()) {
      CameraStatus st = status(s, c);
      if (st.serverId() != null) counts.merge(st.serverId(), 1, Integer::sum);
    }
    return counts;
  }

  @Override
  public CompletionStage<ServerView> patchServer(String id, String name, Boolean failoverEnabled, Integer maxCameras) {
    ServerInfo old = db.state().servers().get(id);
    if (old == null) return CompletableFuture.failedFuture(ApiException.notFound("server " + id));
    ServerInfo updated = new ServerInfo(id, name != null ? name : old.name(), old.url(), old.clusterAddress(),
        failoverEnabled != null ? failoverEnabled : old.failoverEnabled(),
        maxCameras != null ? maxCameras : old.maxCameras());
    return db.put(DataKeys.SERVERS, id, updated).thenApply(d -> {
      SystemState s = db.state();
      return view(s, updated, cameraCounts(s));
    });
  }

  @Override
  public List<CameraView> cameras() {
    SystemState s = db.state();
    List<CameraView> out = new ArrayList<>();
    s.cameras().values().stream().sorted(Comparator.comparing(CameraConfig::name).thenComparing(CameraConfig::id))
        .forEach(c -> out.add(new CameraView(c, status(s, c))));
    return out;
  }

  @Override
  public Optional<CameraView> camera(String id) {
    SystemState s = db.state();
    return Optional.ofNullable(s.cameras().get(id)).map(c -> new CameraView(c, status(s, c)));
  }

  /** The truth about a camera, from its config, its last reported status and who is up. */
  static CameraStatus status(SystemState s, CameraConfig c) {
    CameraStatus reported = s.cameraStatus().get(c.id());
    if (!c.recording()) {
      long since = reported != null ? reported.sinceMs() : 0;
      return new CameraStatus(CameraStatus.DISABLED, null, since, null);
    }
    if (reported == null) return new CameraStatus(CameraStatus.UNPLACED, null, 0, null);
    if (reported.serverId() == null || !s.isOnline(reported.serverId())) {
      return new CameraStatus(CameraStatus.UNPLACED, null, reported.sinceMs(), null);
    }
    return reported;
  }

  @Override
  public CompletionStage<CameraView> addCamera(CameraConfig camera) {
    if (db.state().cameras().containsKey(camera.id())) {
      return CompletableFuture.failedFuture(new ApiException(409, "conflict", "camera " + camera.id() + " exists"));
    }
    return saveCamera(camera);
  }

  @Override
  public CompletionStage<CameraView> updateCamera(CameraConfig camera) {
    if (!db.state().cameras().containsKey(camera.id())) {
      return CompletableFuture.failedFuture(ApiException.notFound("camera " + camera.id()));
    }
    return saveCamera(camera);
  }

  private CompletionStage<CameraView> saveCamera(CameraConfig camera) {
    // This server itself is a valid home even in the moments after start before its own
    // registration reached the System database (the API answers before that).
    if (!camera.homeServerId().equals(serverId) && !db.state().servers().containsKey(camera.homeServerId())) {
      return CompletableFuture.failedFuture(ApiException.badRequest("homeServerId", "no server with this id"));
    }
    return db.put(DataKeys.CAMERAS, camera.id(), camera)
        .thenApply(d -> new CameraView(camera, status(db.state(), camera)));
  }

  @Override
  public CompletionStage<Void> removeCamera(String id) {
    if (!db.state().cameras().containsKey(id)) return CompletableFuture.failedFuture(ApiException.notFound("camera " + id));
    return db.remove(DataKeys.CAMERAS, id).thenApply(d -> null);
  }

  @Override
  public CompletionStage<Void> setFailoverPriority(List<String> cameraIds, FailoverPriority priority) {
    Map<String, CameraConfig> cams = db.state().cameras();
    Map<String, CameraConfig> changed = new HashMap<>();
    for (String id : cameraIds) {
      CameraConfig c = cams.get(id);
      if (c == null) return CompletableFuture.failedFuture(ApiException.notFound("camera " + id));
      changed.put(id, new CameraConfig(c.id(), c.name(), c.url(), c.username(), c.password(), c.homeServerId(),
          priority, c.recording()));
    }
    return db.putAll(DataKeys.CAMERAS, changed).thenApply(d -> null);
  }

  @Override
  public Optional<String> checkPassword(String username, String password) {
    UserRecord user = db.state().users().get(username);
    if (user == null || password == null) return Optional.empty();
    String cacheKey = username + "\n" + sha256(password + "\n" + user.passwordHash());
    Long until = verified.get(cacheKey);
    long now = System.currentTimeMillis();
    if (until != null && until > now) return Optional.of(user.role());
    if (!PasswordHasher.matches(password, user.passwordHash())) return Optional.empty();
    if (verified.size() > 1000) verified.clear();
    verified.put(cacheKey, now + 60_000);
    return Optional.of(user.role());
  }

  @Override
  public List<UserView> users() {
    return db.state().users().values().stream()
        .sorted(Comparator.comparing(UserRecord::username))
        .map(u -> new UserView(u.username(), u.role()))
        .toList();
  }

  @Override
  public CompletionStage<UserView> addUser(String username, String role, String password) {
    if (db.state().users().containsKey(username)) {
      return CompletableFuture.failedFuture(new ApiException(409, "conflict", "user '" + username + "' exists"));
    }
    UserRecord user = new UserRecord(username, role, PasswordHasher.hash(password));
    return db.put(DataKeys.USERS, username, user).thenApply(d -> new UserView(username, role));
  }

  @Override
  public CompletionStage<UserView> updateUser(String username, String role, String password) {
    UserRecord old = db.state().users().get(username);
    if (old == null) return CompletableFuture.failedFuture(ApiException.notFound("user '" + username + "'"));
    String newRole = role != null ? role : old.role();
    if (old.role().equals(UserRecord.ADMIN) && !newRole.equals(UserRecord.ADMIN) && adminCount() <= 1) {
      return CompletableFuture.failedFuture(lastAdmin(username));
    }
    String hash = password != null ? PasswordHasher.hash(password) : old.passwordHash();
    return db.put(DataKeys.USERS, username, new UserRecord(username, newRole, hash))
        .thenApply(d -> new UserView(username, newRole));
  }

  @Override
  public CompletionStage<Void> removeUser(String username) {
    UserRecord old = db.state().users().get(username);
    if (old == null) return CompletableFuture.failedFuture(ApiException.notFound("user '" + username + "'"));
    if (old.role().equals(UserRecord.ADMIN) && adminCount() <= 1) {
      return CompletableFuture.failedFuture(lastAdmin(username));
    }
    return db.remove(DataKeys.USERS, username).thenApply(d -> null);
  }

  private long adminCount() {
    return db.state().users().values().stream().filter(u -> u.role().equals(UserRecord.ADMIN)).count();
  }

  private static ApiException lastAdmin(String username) {
    return new ApiException(409, "last_admin",
        "'" + username + "' is the System's last administrator: make another user admin first");
  }

  private static String sha256(String s) {
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public byte[] tokenSecret() {
    return db.state().secret()
        .map(SystemSecret::tokenKey)
        .orElseThrow(() -> new ApiException(503, "not_ready", "this server has not received the System database yet"));
  }

  @Override
  public List<SeenSystem> discoveredSystems() {
    return discovery.apply(identity().systemId());
  }

  @Override
  public CompletionStage<MergeOutcome> mergeSystem(String url, String username, String password, boolean keepThis) {
    return offThread(() -> merge.merge(url, username, password, keepThis));
  }

  @Override
  public CompletionStage<JsonNode> exportSystem() {
    return offThread(() -> {
      merge.refuseWhileMerging();
      return SystemExport.of(db.state()).toJson(VERSION, System.currentTimeMillis());
    });
  }

  @Override
  public CompletionStage<JsonNode> importSystem(JsonNode export) {
    return offThread(() -> {
      merge.refuseWhileMerging();
      return merge.importInto(SystemExport.fromJson(export)).toJson();
    });
  }

  @Override
  public CompletionStage<Void> leaveSystem(String expectedSystemId, List<String> seeds, boolean fanOut,
      Optional<ClusterKey> clusterKey) {
    return offThread(() -> {
      merge.leave(expectedSystemId, seeds, fanOut, clusterKey);
      return null;
    });
  }

  @Override
  public JsonNode clusterKey() {
    return merge.clusterKeyJson();
  }

  @Override
  public Optional<UserRecord> userRecord(String username) {
    return Optional.ofNullable(db.state().users().get(username));
  }

  @Override
  public io.argusvms.join.JoinGrant joinGrant() {
    SystemIdentity id = identity();
    SystemState now = db.state();
    return new io.argusvms.join.JoinGrant(id.systemId(), id.name(), SystemExport.of(now).seedsOnlineFirst(now),
        ClusterKey.from(merge.clusterKeyJson()));
  }

  /** Runs blocking merge work on the blocking pool; a MergeException becomes the API error it names. */
  private <T> CompletionStage<T> offThread(Supplier<T> work) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return work.get();
      } catch (MergeException e) {
        throw new ApiException(e.status(), e.code(), e.getMessage());
      }
    }, blocking);
  }

  @Override
  public List<ChunkRecord> chunks(String cameraId, long fromMs, long toMs) {
    if (!db.state().cameras().containsKey(cameraId) && catalog.latest(cameraId).isEmpty()) {
      throw ApiException.notFound("camera " + cameraId);
    }
    return catalog.find(cameraId, fromMs, toMs);
  }

  @Override
  public Map<String, ArchiveSummary> archiveSummaries(String cameraId) {
    return summaries.forCamera(cameraId);
  }

  @Override
  public Optional<ClusterView> clusterView() {
    SystemState s = db.state();
    return s.identity().flatMap(id -> Islands.lowest(s.upClusterAddresses())
        .map(lowest -> new ClusterView(id.systemId(), s.upClusterAddresses().size(), lowest)));
  }

  @Override
  public String metrics() {
    SystemState s = db.state();
    Map<String, Integer> byState = new HashMap<>();
    for (String st : List.of(CameraStatus.RECORDING, CameraStatus.CONNECTING, CameraStatus.UNPLACED, CameraStatus.DISABLED)) {
      byState.put(st, 0);
    }
    for (CameraConfig c : s.cameras().values()) byState.merge(status(s, c).state(), 1, Integer::sum);
    StringBuilder sb = new StringBuilder("# TYPE argus_cameras gauge\n");
    byState.forEach((st, n) -> sb.append("argus_cameras{state=\"").append(st).append("\"} ").append(n).append('\n'));
    StorageInfo storage = localStorage.get();
    sb.append("# TYPE argus_storage_free_bytes gauge\nargus_storage_free_bytes ").append(storage.freeBytes()).append('\n');
    sb.append("# TYPE argus_archive_bytes gauge\nargus_archive_bytes ").append(catalog.totalBytes()).append('\n');
    sb.append(extraMetrics.get());
    return sb.toString();
  }
}

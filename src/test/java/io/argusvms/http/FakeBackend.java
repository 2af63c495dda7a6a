package io.argusvms.http;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStatus;
import io.argusvms.system.FailoverPriority;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.StorageInfo;
import io.argusvms.system.SystemIdentity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory System of two servers (s1 answers), two users, and whatever chunks a test adds. */
final class FakeBackend implements ArgusBackend {
  static final long SINCE = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private volatile SystemIdentity identity = new SystemIdentity("sys-1", "Test System");
  private final Map<String, ServerView> servers = new ConcurrentHashMap<>();
  private final Map<String, CameraView> cameras = new ConcurrentHashMap<>();
  private final Map<String, String[]> users = new ConcurrentHashMap<>(Map.of(
      "admin", new String[] {"admin-pw", "admin"},
      "watcher", new String[] {"viewer-pw", "viewer"}));
  final List<ChunkRecord> chunks = new CopyOnWriteArrayList<>();
  /** When set, servers() throws it: a bug inside the backend. */
  volatile RuntimeException serversFailure;

  FakeBackend() {
    servers.put("s1", new ServerView(new ServerInfo("s1", "Server One", "http://127.0.0.1:7001",
        "pekko://argus@127.0.0.1:7002", true, 100), true, 0, new StorageInfo("/data/s1", 1000, 500, true)));
    servers.put("s2", new ServerView(new ServerInfo("s2", "Server Two", "http://127.0.0.1:7011",
        "pekko://argus@127.0.0.1:7012", false, 50), false, 0, new StorageInfo("/data/s2", 2000, 100, true)));
  }

  /** Adds a camera as if the System database had it already; returns its id. */
  String putCamera(String id, String name) {
    CameraConfig c = new CameraConfig(id, name, "rtsp://10.0.0.5:554/stream", "cam", "secret", "s1",
        FailoverPriority.MEDIUM, true);
    cameras.put(id, new CameraView(c, new CameraStatus(CameraStatus.RECORDING, "s1", SINCE, null)));
    return id;
  }

  Optional<CameraConfig> config(String id) {
    return Optional.ofNullable(cameras.get(id)).map(CameraView::config);
  }

  /** Which server this fake is (federation tests run two of them). */
  volatile String serverId = "s1";
  /** serverId -> replicated archive summary, per camera id. */
  final Map<String, Map<String, io.argusvms.playback.ArchiveSummary>> summaries = new ConcurrentHashMap<>();

  @Override public String serverId() { return serverId; }

  @Override
  public Map<String, io.argusvms.playback.ArchiveSummary> archiveSummaries(String cameraId) {
    return summaries.getOrDefault(cameraId, Map.of());
  }

  void putServer(ServerView view) {
    servers.put(view.info().id(), view);
  }

  @Override public String version() { return "0.1.0-test"; }

  @Override public SystemIdentity identity() { return identity; }

  @Override
  public CompletionStage<SystemIdentity> renameSystem(String name) {
    identity = new SystemIdentity(identity.systemId(), name);
    return CompletableFuture.completedFuture(identity);
  }

  @Override
  public List<ServerView> servers() {
    if (serversFailure != null) throw serversFailure;
    List<ServerView> all = new ArrayList<>(servers.values());
    all.sort(Comparator.comparing(v -> v.info().id()));
    return all;
  }

  @Override public Optional<ServerView> server(String id) { return Optional.ofNullable(servers.get(id)); }

  @Override
  public CompletionStage<ServerView> patchServer(String id, String name, Boolean failoverEnabled, Integer maxCameras) {
    ServerView v = servers.get(id);
    if (v == null) return CompletableFuture.failedFuture(ApiException.notFound("server '" + id + "'"));
    ServerInfo i = v.info();
    ServerInfo n = new ServerInfo(i.id(), name != null ? name : i.name(), i.url(), i.clusterAddress(),
        failoverEnabled != null ? failoverEnabled : i.failoverEnabled(), maxCameras != null ? maxCameras : i.maxCameras());
    ServerView updated = new ServerView(n, v.online(), v.cameraCount(), v.storage());
    servers.put(id, updated);
    return CompletableFuture.completedFuture(updated);
  }

  @Override
  public List<CameraView> cameras() {
    List<CameraView> all = new ArrayList<>(cameras.values());
    all.sort(Comparator.comparing(v -> v.config().name()));
    return all;
  }

  @Override public Optional<CameraView> camera(String id) { return Optional.ofNullable(cameras.get(id)); }

  @Override
  public CompletionStage<CameraView> addCamera(CameraConfig camera) {
    CameraView v = new CameraView(camera, new CameraStatus(CameraStatus.CONNECTING, camera.homeServerId(), SINCE, null));
    cameras.put(camera.id(), v);
    return CompletableFuture.completedFuture(v);
  }

  @Override
  public CompletionStage<CameraView> updateCamera(CameraConfig camera) {
    CameraView old = cameras.get(camera.id());
    if (old == null) return CompletableFuture.failedFuture(ApiException.notFound("camera"));
    CameraView v = new CameraView(camera, old.status());
    cameras.put(camera.id(), v);
    return CompletableFuture.completedFuture(v);
  }

  @Override
  public CompletionStage<Void> removeCamera(String id) {
    cameras.remove(id);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> setFailoverPriority(List<String> cameraIds, FailoverPriority priority) {
    for (String id : cameraIds) {
      CameraView v = cameras.get(id);
      CameraConfig c = v.config();
      cameras.put(id, new CameraView(new CameraConfig(c.id(), c.name(), c.url(), c.username(), c.password(),
          c.homeServerId(), priority, c.recording()), v.status()));
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Optional<String> checkPassword(String username, String password) {
    String[] u = users.get(username);
    return u != null && u[0].equals(password) ? Optional.of(u[1]) : Optional.empty();
  }

  @Override
  public List<UserView> users() {
    return users.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> new UserView(e.getKey(), e.getValue()[1])).toList();
  }

  @Override
  public CompletionStage<UserView> addUser(String username, String role, String password) {
    if (users.putIfAbsent(username, new String[] {password, role}) != null) {
      return CompletableFuture.failedFuture(new ApiException(409, "conflict", "user exists"));
    }
    return CompletableFuture.completedFuture(new UserView(username, role));
  }

  @Override
  public CompletionStage<UserView> updateUser(String username, String role, String password) {
    String[] u = users.get(username);
    if (u == null) return CompletableFuture.failedFuture(ApiException.notFound("user '" + username + "'"));
    String newRole = role != null ? role : u[1];
    if (u[1].equals("admin") && !newRole.equals("admin") && admins() <= 1) {
      return CompletableFuture.failedFuture(new ApiException(409, "last_admin", "the last administrator"));
    }
    users.put(username, new String[] {password != null ? password : u[0], newRole});
    return CompletableFuture.completedFuture(new UserView(username, newRole));
  }

  @Override
  public CompletionStage<Void> removeUser(String username) {
    String[] u = users.get(username);
    if (u == null) return CompletableFuture.failedFuture(ApiException.notFound("user '" + username + "'"));
    if (u[1].equals("admin") && admins() <= 1) {
      return CompletableFuture.failedFuture(new ApiException(409, "last_admin", "the last administrator"));
    }
    users.remove(username);
    return CompletableFuture.completedFuture(null);
  }

  private long admins() {
    return users.values().stream().filter(u -> u[1].equals("admin")).count();
  }

  final List<io.argusvms.discovery.SeenSystem> discovered = new CopyOnWriteArrayList<>();

  @Override
  public List<io.argusvms.discovery.SeenSystem> discoveredSystems() {
    return List.copyOf(discovered);
  }

  @Override
  public CompletionStage<io.argusvms.merge.MergeOutcome> mergeSystem(String url, String username, String password,
      boolean keepThis) {
    return CompletableFuture.failedFuture(new ApiException(503, "unreachable", "no other System in this test"));
  }

  @Override
  public CompletionStage<com.fasterxml.jackson.databind.JsonNode> exportSystem() {
    return CompletableFuture.completedFuture(Json.object().put("format", "argus-system-export"));
  }

  @Override
  public CompletionStage<com.fasterxml.jackson.databind.JsonNode> importSystem(com.fasterxml.jackson.databind.JsonNode e) {
    return CompletableFuture.completedFuture(Json.object());
  }

  @Override
  public CompletionStage<Void> leaveSystem(String expectedSystemId, List<String> seeds, boolean fanOut,
      Optional<io.argusvms.merge.ClusterKey> key) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public com.fasterxml.jackson.databind.JsonNode clusterKey() {
    return Json.object();
  }

  /** Shared by every fake server, as the replicated user records are by every real one. */
  private static final Map<String, String> hashes = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public Optional<io.argusvms.system.UserRecord> userRecord(String username) {
    String[] u = users.get(username);
    if (u == null) return Optional.empty();
    String hash = hashes.computeIfAbsent(username + "\n" + u[0], k -> io.argusvms.system.PasswordHasher.hash(u[0]));
    return Optional.of(new io.argusvms.system.UserRecord(username, u[1], hash));
  }

  /** The grant a joining server receives; a test sets it. */
  public volatile io.argusvms.join.JoinGrant joinGrant =
      new io.argusvms.join.JoinGrant("sys-1", "Test System", List.of("127.0.0.1:7002"), Optional.empty());

  @Override
  public io.argusvms.join.JoinGrant joinGrant() {
    return joinGrant;
  }

  @Override public byte[] tokenSecret() { return "test-secret-0123456789".getBytes(StandardCharsets.UTF_8); }

  @Override
  public List<ChunkRecord> chunks(String cameraId, long fromMs, long toMs) {
    return chunks.stream()
        .filter(c -> c.cameraId().equals(cameraId) && c.startMs() < toMs && c.endMs() > fromMs)
        .sorted(Comparator.comparingLong(ChunkRecord::startMs))
        .toList();
  }

  @Override
  public String metrics() {
    return "# TYPE argus_cameras gauge\nargus_cameras{state=\"recording\"} " + cameras.size() + "\n";
  }
}

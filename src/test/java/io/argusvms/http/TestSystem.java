package io.argusvms.http;

import io.argusvms.archive.ChunkCatalog;
import io.argusvms.archive.LevelDbChunkCatalog;
import io.argusvms.archive.StorageLayout;
import io.argusvms.camera.CameraService;
import io.argusvms.discovery.SeenSystem;
import io.argusvms.join.ClusterKey;
import io.argusvms.live.LiveFeeds;
import io.argusvms.membership.MembershipService;
import io.argusvms.merge.SystemMerge;
import io.argusvms.onvif.CameraDiscovery;
import io.argusvms.onvif.CameraInspection;
import io.argusvms.onvif.DeviceProbe;
import io.argusvms.playback.ArchiveSummary;
import io.argusvms.playback.LiveService;
import io.argusvms.playback.PeerArchive;
import io.argusvms.playback.PlaybackService;
import io.argusvms.servers.ServerService;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStatus;
import io.argusvms.system.DataKeys;
import io.argusvms.system.FailoverPriority;
import io.argusvms.system.InMemorySystemStore;
import io.argusvms.system.PasswordHasher;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.ServerRuntime;
import io.argusvms.system.StorageInfo;
import io.argusvms.system.SystemIdentity;
import io.argusvms.system.SystemSecret;
import io.argusvms.system.UserRecord;
import io.argusvms.users.UserService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * One server's view of a small System, with the real feature services over an in-memory System
 * database and a real LevelDB catalog in a temp folder: two servers (s1 online, s2 offline), users
 * admin/admin-pw and watcher/viewer-pw, and whatever cameras and chunks a test adds. Tests change
 * it through the same store the services read.
 */
final class TestSystem implements AutoCloseable {
  static final long SINCE = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final byte[] SECRET = "test-secret-0123456789".getBytes(StandardCharsets.UTF_8);
  /** Hashing is slow: every test System shares the same users' hashes. */
  private static final Map<String, String> HASHES = new ConcurrentHashMap<>();

  final InMemorySystemStore store = new InMemorySystemStore();
  final String serverId;
  final Path dir;
  final LevelDbChunkCatalog catalog;
  /** cameraId -> serverId -> the replicated archive summary that server published. */
  final Map<String, Map<String, ArchiveSummary>> summaries = new ConcurrentHashMap<>();
  final List<SeenSystem> discovered = new CopyOnWriteArrayList<>();
  /** When set, reading this server's storage fails with it: a fault inside a service. */
  volatile RuntimeException storageFailure;
  volatile Optional<ClusterKey> clusterKey = Optional.empty();
  final ApiServices services;
  final AuthTokens tokens;
  /** This test server's live streams: a test feeds frames as a recording session would. */
  final LiveFeeds live;

  TestSystem(String serverId, ActorSystem<?> system, Clock clock, Executor blocking, HttpSettings http) {
    this.serverId = serverId;
    try {
      dir = Files.createTempDirectory("argus-api-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    catalog = LevelDbChunkCatalog.open(dir.resolve("catalog").toFile());
    live = new LiveFeeds(serverId);
    seed();
    UserService users = new UserService(store, clock::millis);
    tokens = HttpServer.tokens(users, http, clock);
    ServerService servers = new ServerService(store, serverId, () -> {
      RuntimeException failure = storageFailure;
      if (failure != null) throw failure;
      return new StorageInfo("/data/" + serverId, 1000, 500, true);
    });
    SystemMerge merge = new SystemMerge(store, serverId, "0.1.0", dir.resolve("backups"), () -> clusterKey,
        (seeds, key) -> { });
    CameraService cameras = new CameraService(store, serverId);
    PlaybackService playback = new PlaybackService(store, serverId, catalog, new StorageLayout(dir),
        id -> summaries.getOrDefault(id, Map.of()), new PeerArchive(system), tokens.serverToken(serverId), clock, blocking);
    services = new ApiServices(cameras, servers, users, playback, new LiveService(playback, live, system),
        new MembershipService(store, serverId, () -> address(serverId), users, merge,
            io.argusvms.membership.ClusterKeyRotation.of(system, dir), clock, blocking),
        () -> List.copyOf(discovered),
        new CameraInspection(Clock.systemUTC(), blocking), // devices keep real time, not the test clock
        new CameraDiscovery(new DeviceProbe("127.0.0.1", java.time.Duration.ofMinutes(5), clock), serverId,
            () -> store.state().cameras().values(), List::of, tokens.serverToken(serverId), blocking), // never started
        cameras::prometheus);
  }

  private void seed() {
    store.put(DataKeys.IDENTITY, DataKeys.SINGLE, new SystemIdentity("sys-1", "Test System"));
    store.put(DataKeys.SECRET, DataKeys.SINGLE, new SystemSecret(Base64.getEncoder().encodeToString(SECRET)));
    // s1 is online; s2 is offline, unless s2 is the server answering (it is up in its own view).
    putServer(new ServerInfo("s1", "Server One", "http://127.0.0.1:7001", address("s1"), true, 100), true);
    putServer(new ServerInfo("s2", "Server Two", "http://127.0.0.1:7011", address("s2"), false, 50), serverId.equals("s2"));
    store.put(DataKeys.SERVER_RUNTIME, "s2", new ServerRuntime(new StorageInfo("/data/s2", 2000, 100, true), Set.of(), SINCE));
    putUser("admin", "admin-pw", UserRecord.ADMIN);
    putUser("watcher", "viewer-pw", UserRecord.VIEWER);
  }

  /** The cluster address the seeded servers s1 and s2 have. */
  static String address(String serverId) {
    return "pekko://argus@127.0.0.1:" + (serverId.equals("s1") ? 7002 : 7012);
  }

  void putUser(String name, String password, String role) {
    String hash = HASHES.computeIfAbsent(name + "\n" + password, k -> PasswordHasher.hash(password));
    store.put(DataKeys.USERS, name, new UserRecord(name, role, hash));
  }

  /** Adds or replaces a server, online or not. */
  void putServer(ServerInfo info, boolean online) {
    store.put(DataKeys.SERVERS, info.id(), info);
    Set<String> up = new HashSet<>(store.state().upClusterAddresses());
    if (online) up.add(info.clusterAddress());
    else up.remove(info.clusterAddress());
    store.setUp(up);
  }

  /** A camera homed on s1 that s1 reports recording since {@link #SINCE}; returns its id. */
  String putCamera(String id, String name) {
    store.put(DataKeys.CAMERAS, id, new CameraConfig(id, name, "rtsp://10.0.0.5:554/stream", "cam", "secret", "s1",
        FailoverPriority.MEDIUM, true));
    store.put(DataKeys.cameraStatus(id), id, new CameraStatus(CameraStatus.RECORDING, "s1", SINCE, null));
    return id;
  }

  Optional<CameraConfig> config(String id) {
    return Optional.ofNullable(store.state().cameras().get(id));
  }

  ChunkCatalog catalog() {
    return catalog;
  }

  @Override
  public void close() throws IOException {
    catalog.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

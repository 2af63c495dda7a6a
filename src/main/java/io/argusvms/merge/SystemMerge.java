package io.argusvms.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.join.ClusterKey;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.DataKeys;
import io.argusvms.system.MergedSystem;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.SystemState;
import io.argusvms.system.SystemStore;
import io.argusvms.system.UserRecord;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges this server's System with another one. The survivor keeps its identity, secret and
 * users; it first writes the other System's servers, cameras (with their home servers) and users
 * it does not have into its own database, then the servers of the merged-away System are told to
 * leave their cluster, drop their System database and join the survivor's. Backups of both
 * databases are written before anything changes. A failure before the merged-away servers
 * accepted to leave undoes the survivor's import, so both Systems go on as they were.
 *
 * <p>Blocking (HTTP calls, majority writes): run it off Pekko's dispatchers.
 */
public final class SystemMerge {
  private static final Logger log = LoggerFactory.getLogger(SystemMerge.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WRITE = Duration.ofSeconds(15);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final SystemStore db;
  private final String serverId;
  private final String version;
  private final Path backupDir;
  private final Supplier<Optional<ClusterKey>> ownClusterKey;
  private final BiConsumer<List<String>, Optional<ClusterKey>> leaveThisServer;
  private final AtomicBoolean running = new AtomicBoolean();
  private final MergeLock lock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /**
   * @param ownClusterKey this System's cluster TLS key, empty when its cluster is plain TCP
   * @param leaveThisServer makes this server leave its cluster and join the given seeds (host:port)
   *     with an empty System database and the given cluster key; returns at once, the switch
   *     happens shortly after
   */
  public SystemMerge(SystemStore db, String serverId, String version, Path backupDir,
      Supplier<Optional<ClusterKey>> ownClusterKey, BiConsumer<List<String>, Optional<ClusterKey>> leaveThisServer) {
    this.ownClusterKey = ownClusterKey;
    this.db = db;
    this.serverId = serverId;
    this.version = version;
    this.backupDir = backupDir;
    this.leaveThisServer = leaveThisServer;
    this.lock = new MergeLock(db, serverId, Clock.systemUTC());
  }

  /**
   * For the other System's calls during a merge (export, import): 409 while this System runs a
   * merge of its own, started on any of its servers.
   */
  public void refuseWhileMerging() {
    if (running.get()) throw new MergeException(409, "merge_running", "a merge is already running in this System (on this server)");
    lock.running().ifPresent(c -> {
      throw new MergeException(409, "merge_running", "a merge is already running in this System (started on server "
          + c.serverId() + ")");
    });
  }

  /** @param keepThis true: the other System joins this one; false: this System joins the other */
  public MergeOutcome merge(String url, String username, String password, boolean keepThis) {
    if (!running.compareAndSet(false, true)) {
      throw new MergeException(409, "merge_running", "a merge is already running in this System (on this server); wait for it");
    }
    try (MergeLock.Held held = lock.acquire()) {
      SystemExport ours = SystemExport.of(db.state());
      RemoteSystem remote = new RemoteSystem(url);
      JsonNode info = remote.info();
      String theirId = info.path("systemId").asText("");
      if (theirId.equals(ours.identity().systemId())) {
        throw new MergeException(409, "same_system", "the server at " + url + " is already in this System");
      }
      String theirVersion = info.path("version").asText("");
      if (!major(theirVersion).equals(major(version))) {
        throw new MergeException(422, "incompatible_version", "the other System runs Argus " + theirVersion
            + ", this one " + version + ": only Systems of the same major version can merge");
      }
      remote.openSession(username, password);
      SystemExport theirs = SystemExport.fromJson(remote.export());
      if (!theirs.identity().systemId().equals(theirId)) {
        throw new MergeException(409, "conflict", "the other System changed during the merge; try again");
      }
      List<String> backups = List.of(backup(ours).toString(), backup(theirs).toString());
      log.info("merging System {} ({}) with {} ({}), keeping {}", ours.identity().name(), ours.identity().systemId(),
          theirs.identity().name(), theirId, keepThis ? "this one" : "the other");
      if (keepThis) {
        Imported added = importInto(theirs);
        try {
          remote.leave(new LeaveRequest(theirId, ours.seedsOnlineFirst(db.state()), true, ownClusterKey.get()).toJson());
        } catch (MergeException e) {
          undo(added);
          throw new MergeException(e.status(), "merge_failed", "the other System did not switch over, "
              + "both Systems go on as before: " + e.getMessage());
        }
        return outcome(ours, theirs, "this", added, backups);
      }
      Optional<ClusterKey> theirKey = ClusterKey.from(remote.clusterKey());
      JsonNode summary = remote.importSystem(ours.toJson(version, System.currentTimeMillis()));
      leave(ours.identity().systemId(), theirs.seeds(), true, theirKey);
      Imported added = new Imported(summary.path("serversAdded").asInt(), summary.path("camerasAdded").asInt(),
          summary.path("usersAdded").asInt(), names(summary.path("usersSkipped")), List.of(), List.of(), List.of());
      return outcome(theirs, ours, "remote", added, backups);
    } finally {
      running.set(false);
    }
  }

  private static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static MergeOutcome outcome(SystemExport survivor, SystemExport merged, String kept, Imported added,
      List<String> backups) {
    return new MergeOutcome(survivor.identity().systemId(), survivor.identity().name(), kept,
        merged.identity().systemId(), added.servers(), added.cameras(), added.users(), added.usersSkipped(), backups);
  }

  /** This System's cluster key for the other System of a merge (empty object: plain TCP). */
  public ObjectNode clusterKeyJson() {
    ObjectNode o = JSON.createObjectNode();
    ownClusterKey.get().ifPresent(k -> k.writeTo(o));
    return o;
  }

  /** What an import added, so that it can be undone. */
  public record Imported(int servers, int cameras, int users, List<String> usersSkipped,
      List<String> serverIds, List<String> cameraIds, List<String> usernames) {
    public ObjectNode toJson() {
      ObjectNode o = JSON.createObjectNode().put("serversAdded", servers).put("camerasAdded", cameras)
          .put("usersAdded", users);
      usersSkipped.forEach(o.putArray("usersSkipped")::add);
      return o;
    }
  }

  /**
   * Writes the other System's servers, cameras and users (those whose names are free) into this
   * System's database, to a majority of its servers. This System's identity, secret and users win.
   */
  public Imported importInto(SystemExport other) {
    SystemState s = db.state();
    if (other.identity().systemId().equals(s.identity().map(i -> i.systemId()).orElse(""))) {
      throw new MergeException(409, "same_system", "that is this System's own database");
    }
    Map<String, ServerInfo> servers = new LinkedHashMap<>();
    other.servers().forEach((id, v) -> { if (!s.servers().containsKey(id)) servers.put(id, v); });
    Map<String, CameraConfig> cameras = new LinkedHashMap<>();
    other.cameras().forEach((id, v) -> { if (!s.cameras().containsKey(id)) cameras.put(id, v); });
    Map<String, UserRecord> users = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    other.users().forEach((name, v) -> {
      if (s.users().containsKey(name)) skipped.add(name);
      else users.put(name, v);
    });
    // Servers first: a camera whose home is not known yet would look homeless for a moment.
    Map<String, MergedSystem> merged = other.tokenKeyBase64().isEmpty() ? Map.of() : Map.of(other.identity().systemId(),
        new MergedSystem(other.identity().systemId(), other.identity().name(), other.tokenKeyBase64(), System.currentTimeMillis()));
    CompletableFuture.allOf(
            db.putAll(DataKeys.SERVERS, servers).toCompletableFuture(),
            db.putAll(DataKeys.USERS, users).toCompletableFuture(),
            db.putAll(DataKeys.MERGED_SYSTEMS, merged).toCompletableFuture())
        .thenCompose(v -> db.putAll(DataKeys.CAMERAS, cameras))
        .toCompletableFuture().orTimeout(WRITE.toSeconds(), TimeUnit.SECONDS).join();
    log.info("imported System {} ({}): {} servers, {} cameras, {} users (kept our own: {})", other.identity().name(),
        other.identity().systemId(), servers.size(), cameras.size(), users.size(), skipped);
    return new Imported(servers.size(), cameras.size(), users.size(), skipped, List.copyOf(servers.keySet()),
        List.copyOf(cameras.keySet()), List.copyOf(users.keySet()));
  }

  private void undo(Imported added) {
    try {
      List<CompletableFuture<?>> all = new ArrayList<>();
      added.cameraIds().forEach(id -> all.add(db.remove(DataKeys.CAMERAS, id).toCompletableFuture()));
      added.serverIds().forEach(id -> all.add(db.remove(DataKeys.SERVERS, id).toCompletableFuture()));
      added.usernames().forEach(id -> all.add(db.remove(DataKeys.USERS, id).toCompletableFuture()));
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(WRITE.toSeconds(), TimeUnit.SECONDS);
      log.info("merge undone: removed {} servers, {} cameras, {} users again", added.serverIds().size(),
          added.cameraIds().size(), added.usernames().size());
    } catch (Exception e) {
      log.error("could not undo the import of a failed merge: {}", e.toString());
    }
  }

  /**
   * This server's part of being merged away: tell this System's other online servers (when
   * {@code fanOut}), then leave. {@code expectedSystemId} guards against a request meant for
   * another System.
   */
  public void leave(String expectedSystemId, List<String> seeds, boolean fanOut, Optional<ClusterKey> clusterKey) {
    SystemState s = db.state();
    String own = s.identity().map(i -> i.systemId()).orElse("");
    if (!own.equals(expectedSystemId)) {
      throw new MergeException(409, "conflict", "this server is in System " + own + ", not " + expectedSystemId);
    }
    if (seeds.isEmpty()) throw new MergeException(400, "bad_request", "seeds: must not be empty");
    if (fanOut) {
      LeaveRequest onward = new LeaveRequest(expectedSystemId, seeds, false, clusterKey);
      byte[] secret = s.secret().orElseThrow(() ->
          new MergeException(503, "not_ready", "this server has no System secret yet")).tokenKey();
      for (var server : s.servers().values()) {
        if (server.id().equals(serverId) || !s.isOnline(server.id())) continue;
        try {
          HttpResponse<String> r = onward.sendWithin(http, server, secret);
          if (r.statusCode() != 202) log.warn("server {} refused to leave for the merge: {} {}", server.name(), r.statusCode(), r.body());
        } catch (IOException | InterruptedException e) {
          log.warn("server {} could not be told to leave for the merge: {}", server.name(), e.toString());
        }
      }
    }
    log.info("leaving System {} to join the servers at {}", own, seeds);
    leaveThisServer.accept(seeds, clusterKey);
  }

  private Path backup(SystemExport e) {
    try {
      Files.createDirectories(backupDir);
      Path file = backupDir.resolve(STAMP.format(Instant.now()) + "-" + e.identity().systemId() + ".json");
      // A backup holds the System's secrets: private to this server's user, whatever the umask.
      if (!Files.exists(file)) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
          e.toJson(version, System.currentTimeMillis())));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return file;
    } catch (IOException ex) {
      throw new MergeException(503, "backup_failed", "cannot write the backup to " + backupDir + ": " + ex.getMessage());
    }
  }

  static String major(String v) {
    int dot = v.indexOf('.');
    return dot < 0 ? v : v.substring(0, dot);
  }
}

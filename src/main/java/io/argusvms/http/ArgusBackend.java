package io.argusvms.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.archive.ChunkRecord;
import io.argusvms.discovery.SeenSystem;
import io.argusvms.merge.ClusterKey;
import io.argusvms.merge.MergeOutcome;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStatus;
import io.argusvms.system.FailoverPriority;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.StorageInfo;
import io.argusvms.system.SystemIdentity;
import io.argusvms.playback.ArchiveSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Everything the HTTP layer needs from the rest of the server. The routes validate input and
 * shape JSON; the rules live behind this interface (implemented in {@code io.argusvms.node}).
 * Reads are answered from in-memory replicas and return at once; writes complete when the System
 * database accepted them.
 */
public interface ArgusBackend {

  /** Id of the server answering this request. */
  String serverId();

  String version();

  SystemIdentity identity();

  CompletionStage<SystemIdentity> renameSystem(String name);

  // ---- servers

  List<ServerView> servers();

  Optional<ServerView> server(String id);

  /** Null fields are left as they are. Fails with {@link ApiException} for unknown ids. */
  CompletionStage<ServerView> patchServer(String id, String name, Boolean failoverEnabled, Integer maxCameras);

  // ---- cameras

  List<CameraView> cameras();

  Optional<CameraView> camera(String id);

  /** The config is already validated; its id is new. */
  CompletionStage<CameraView> addCamera(CameraConfig camera);

  CompletionStage<CameraView> updateCamera(CameraConfig camera);

  CompletionStage<Void> removeCamera(String id);

  CompletionStage<Void> setFailoverPriority(List<String> cameraIds, FailoverPriority priority);

  // ---- users

  /** The user's role if the password is right ("admin" or "viewer"), else empty. */
  Optional<String> checkPassword(String username, String password);

  /** Secret that signs login tokens; the same on every server of the System. */
  byte[] tokenSecret();

  /** A user's stored record, for the proof of the join handshake (never shown). */
  Optional<io.argusvms.system.UserRecord> userRecord(String username);

  /**
   * What a server that joins this System with an administrator's password receives: identity,
   * seeds and cluster key (503 {@link ApiException} while the System is not created yet).
   */
  io.argusvms.join.JoinGrant joinGrant();

  /** Every user of the System, sorted by name. */
  List<UserView> users();

  /** Adds a user (409 if the name exists). Hashes the password: call it off the HTTP threads. */
  CompletionStage<UserView> addUser(String username, String role, String password);

  /**
   * Changes a user's role and/or password (null = unchanged); 404 unknown, 409 when it would
   * leave the System without an administrator. Hashes the password: call it off the HTTP threads.
   */
  CompletionStage<UserView> updateUser(String username, String role, String password);

  /** 404 unknown, 409 for the last administrator. */
  CompletionStage<Void> removeUser(String username);

  // ---- discovery

  /** Other Systems announced on the LAN recently (never this one). */
  List<SeenSystem> discoveredSystems();

  // ---- merge (see io.argusvms.merge.SystemMerge)

  /**
   * Merges this System with the one at {@code url}; fails with {@link ApiException} (401, 409,
   * 422, 503) and then nothing was changed.
   */
  CompletionStage<MergeOutcome> mergeSystem(String url, String username, String password, boolean keepThis);

  /** This System's database as an export document (with its token secret). */
  CompletionStage<JsonNode> exportSystem();

  /** Adds another System's servers, cameras and free user names; returns what was added. */
  CompletionStage<JsonNode> importSystem(JsonNode export);

  /** This server (and with fanOut its System's other servers) leave for the cluster at seeds. */
  CompletionStage<Void> leaveSystem(String expectedSystemId, List<String> seeds, boolean fanOut,
      Optional<ClusterKey> clusterKey);

  /** This System's cluster TLS key as {"clusterKey","clusterKeyPassword"} ({} for plain TCP). */
  JsonNode clusterKey();

  // ---- archive

  /** This server's own chunks (its catalog); other servers' come over HTTP (playback.SystemArchive). */
  List<ChunkRecord> chunks(String cameraId, long fromMs, long toMs);

  /** serverId -> the replicated coarse summary of what that server recorded of the camera. */
  default Map<String, ArchiveSummary> archiveSummaries(String cameraId) {
    return Map.of();
  }

  /** Text in Prometheus exposition format for GET /metrics. */
  String metrics();

  /**
   * The cluster this server is in now, as GET /api/v1/health shows it, so servers of one System
   * that ended up in two clusters (an island) can find each other: member count and the lowest
   * member address (host:port). Empty when unknown.
   */
  default Optional<ClusterView> clusterView() {
    return Optional.empty();
  }

  record ClusterView(String systemId, int members, String lowestMember) {}

  /** A server with its live status, as GET /api/v1/servers shows it. */
  record ServerView(ServerInfo info, boolean online, int cameraCount, StorageInfo storage) {}

  /** A user as GET /api/v1/users shows it (never the password hash). */
  record UserView(String username, String role) {}

  /** A camera with its live status, as GET /api/v1/cameras shows it. */
  record CameraView(CameraConfig config, CameraStatus status) {}
}

package io.argusvms.http;

import io.argusvms.archive.ChunkRecord;
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

  // ---- archive

  /** This server's own chunks (its catalog); other servers' come over HTTP (playback.SystemArchive). */
  List<ChunkRecord> chunks(String cameraId, long fromMs, long toMs);

  /** serverId -> the replicated coarse summary of what that server recorded of the camera. */
  default Map<String, ArchiveSummary> archiveSummaries(String cameraId) {
    return Map.of();
  }

  /** Text in Prometheus exposition format for GET /metrics. */
  String metrics();

  /** A server with its live status, as GET /api/v1/servers shows it. */
  record ServerView(ServerInfo info, boolean online, int cameraCount, StorageInfo storage) {}

  /** A camera with its live status, as GET /api/v1/cameras shows it. */
  record CameraView(CameraConfig config, CameraStatus status) {}
}

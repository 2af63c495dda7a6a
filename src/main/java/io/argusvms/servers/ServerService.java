package io.argusvms.servers;

import io.argusvms.camera.CameraStatusRule;
import io.argusvms.system.ArgusVersion;
import io.argusvms.system.DataKeys;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.ServerRuntime;
import io.argusvms.system.ServiceException;
import io.argusvms.system.StorageInfo;
import io.argusvms.system.SystemIdentity;
import io.argusvms.system.SystemState;
import io.argusvms.system.SystemStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The System and its servers: identity and name, each server with its live status (online, the
 * cameras it holds, its storage) and the settings an operator changes (name, failover, capacity).
 * This server's storage is read live; the others' come from what they last published.
 */
public final class ServerService {
  private final SystemStore store;
  private final String serverId;
  private final Supplier<StorageInfo> localStorage;

  public ServerService(SystemStore store, String serverId, Supplier<StorageInfo> localStorage) {
    this.store = store;
    this.serverId = serverId;
    this.localStorage = localStorage;
  }

  /** A server with its live status, as GET /api/v1/servers shows it. */
  public record ServerView(ServerInfo info, boolean online, int cameraCount, StorageInfo storage) {}

  /** Id of the server answering. */
  public String serverId() {
    return serverId;
  }

  public String version() {
    return ArgusVersion.VERSION;
  }

  public SystemIdentity identity() {
    return store.state().identity().orElseThrow(() -> ServiceException.notReady("System identity"));
  }

  public CompletionStage<SystemIdentity> renameSystem(String name) {
    SystemIdentity renamed = new SystemIdentity(identity().systemId(), name);
    return store.put(DataKeys.IDENTITY, DataKeys.SINGLE, renamed).thenApply(d -> renamed);
  }

  /** The HTTP base URLs of the System's servers (the origins their web clients come from). */
  public List<String> serverUrls() {
    return store.state().servers().values().stream().map(ServerInfo::url).toList();
  }

  public List<ServerView> servers() {
    SystemState s = store.state();
    Map<String, Integer> counts = CameraStatusRule.countsByServer(s);
    return s.servers().values().stream()
        .sorted(Comparator.comparing(ServerInfo::name).thenComparing(ServerInfo::id))
        .map(info -> view(s, info, counts))
        .toList();
  }

  public Optional<ServerView> server(String id) {
    SystemState s = store.state();
    return Optional.ofNullable(s.servers().get(id)).map(info -> view(s, info, CameraStatusRule.countsByServer(s)));
  }

  /** The server, or a 404 refusal. */
  public ServerView existing(String id) {
    return server(id).orElseThrow(() -> ServiceException.notFound("server '" + id + "'"));
  }

  /** Null fields are left as they are. */
  public CompletionStage<ServerView> patch(
      String id, String name, Boolean failoverEnabled, Integer maxCameras, Integer maxStandbys) {
    ServerInfo old = store.state().servers().get(id);
    if (old == null) return CompletableFuture.failedFuture(ServiceException.notFound("server '" + id + "'"));
    ServerInfo updated = new ServerInfo(id, name != null ? name : old.name(), old.url(), old.clusterAddress(),
        failoverEnabled != null ? failoverEnabled : old.failoverEnabled(),
        maxCameras != null ? maxCameras : old.maxCameras(),
        maxStandbys != null ? maxStandbys : old.maxStandbys());
    return store.put(DataKeys.SERVERS, id, updated).thenApply(d -> {
      SystemState s = store.state();
      return view(s, updated, CameraStatusRule.countsByServer(s));
    });
  }

  private ServerView view(SystemState s, ServerInfo info, Map<String, Integer> counts) {
    StorageInfo storage;
    if (info.id().equals(serverId)) {
      storage = localStorage.get();
    } else {
      ServerRuntime rt = s.serverRuntime().get(info.id());
      storage = rt != null ? rt.storage() : new StorageInfo("", 0, 0, false);
    }
    return new ServerView(info, s.isOnline(info.id()), counts.getOrDefault(info.id(), 0), storage);
  }
}

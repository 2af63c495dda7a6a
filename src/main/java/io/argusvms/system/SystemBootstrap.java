package io.argusvms.system;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start of a System: identity, token secret, the administrator and (optionally) the demo
 * camera. Runs only on a server that starts alone and finds an empty System database (its durable
 * copy on disk was loaded before the replicator answers, so "empty" really means new).
 */
public final class SystemBootstrap {
  private static final Logger log = LoggerFactory.getLogger(SystemBootstrap.class);

  private SystemBootstrap() {}

  /** The id of this server's demo camera; fixed so that restarts don't add another one. */
  public static String demoCameraId(String serverId) {
    return "demo-" + serverId.substring(0, Math.min(8, serverId.length()));
  }

  public static CompletionStage<Done> createSystem(
      SystemStore db, String systemName, String serverId, String adminPassword, boolean demoCamera) {
    SecureRandom random = new SecureRandom();
    byte[] key = new byte[32];
    random.nextBytes(key);
    String password = adminPassword;
    if (password == null || password.isBlank()) {
      password = Base64.getUrlEncoder().withoutPadding().encodeToString(random.generateSeed(12));
      String banner = "=".repeat(72);
      System.out.println(banner + "\n  New System created. Log in as admin with password: " + password
          + "\n  (shown once; give --admin-password to choose it)\n" + banner);
    }
    SystemIdentity identity = new SystemIdentity(UUID.randomUUID().toString(), systemName);
    log.info("creating new System {} ({})", identity.name(), identity.systemId());
    // Every entry is written at once: each is stored here even when a majority does not answer
    // in time (NotReplicated), so a slow start never leaves a System without its demo camera.
    List<CompletableFuture<Done>> writes = new ArrayList<>(List.of(
        db.put(DataKeys.IDENTITY, DataKeys.SINGLE, identity).toCompletableFuture(),
        db.put(DataKeys.SECRET, DataKeys.SINGLE, new SystemSecret(Base64.getEncoder().encodeToString(key)))
            .toCompletableFuture(),
        db.put(DataKeys.USERS, "admin", new UserRecord("admin", UserRecord.ADMIN, PasswordHasher.hash(password)))
            .toCompletableFuture()));
    if (demoCamera) {
      CameraConfig demo = new CameraConfig(demoCameraId(serverId), "Demo camera", "demo://pattern", null, null,
          serverId, FailoverPriority.MEDIUM, true);
      writes.add(db.put(DataKeys.CAMERAS, demo.id(), demo).toCompletableFuture());
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(v -> Done.getInstance());
  }

  /**
   * Registers this server in the System, keeping settings an operator changed (failover,
   * capacity, standby room, name) and updating its addresses.
   */
  public static CompletionStage<Done> registerServer(SystemDatabase db, ServerInfo self, Optional<ServerInfo> known) {
    ServerInfo merged = known
        .map(k -> k.withAddresses(self.url(), self.clusterAddress()))
        .orElse(self);
    if (known.isPresent() && known.get().equals(merged)) return CompletableFuture.completedFuture(Done.getInstance());
    return db.put(DataKeys.SERVERS, self.id(), merged);
  }
}

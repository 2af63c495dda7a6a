package io.argusvms.membership;

import io.argusvms.join.ClusterKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server's part in replacing the System's cluster TLS key ({@link MembershipService#rotateClusterKey}):
 * a new key is first <em>staged</em> (written next to the current one) on every online server,
 * and only once all of them took it is it <em>applied</em>: each server installs it at the start
 * of its actor system, which it restarts at once, and rejoins the others under the new key.
 *
 * <p>A staged key that is not applied within {@link #STAGED_FOR} is dropped at the next start: a
 * rotation that broke off half way must not split the System days later, when one server
 * restarts for another reason.
 */
public final class ClusterKeyRotation {
  private static final Logger log = LoggerFactory.getLogger(ClusterKeyRotation.class);
  static final String STAGED = "cluster-tls-staged";
  static final Duration STAGED_FOR = Duration.ofMinutes(2);

  private final Path dataDir;
  private final Runnable restart;

  ClusterKeyRotation(Path dataDir, Runnable restart) {
    this.dataDir = dataDir;
    this.restart = restart;
  }

  /** The rotation of this server, whose actor system restarts to apply a key. */
  public static ClusterKeyRotation of(ActorSystem<?> system, Path dataDir) {
    return new ClusterKeyRotation(dataDir, () -> Rejoin.restartSoon(system));
  }

  /** This server's cluster key now; empty when its cluster runs plain TCP. */
  Optional<ClusterKey> current() {
    return ClusterTls.key(dataDir);
  }

  ClusterKey generate() {
    return ClusterTls.newKey(dataDir);
  }

  void stage(ClusterKey key) {
    try {
      ClusterTls.install(dataDir.resolve(STAGED), Optional.of(key));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage the new cluster key in " + dataDir, e);
    }
  }

  void unstage() {
    try {
      ClusterTls.install(dataDir.resolve(STAGED), Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot drop the staged cluster key in " + dataDir, e);
    }
  }

  /** Restarts the actor system, which installs the staged key first ({@link #beforeStart}); false when none is staged. */
  boolean apply() {
    if (!Files.exists(dataDir.resolve(STAGED).resolve(ClusterTls.STORE))) return false;
    log.warn("a new cluster key for this System: restarting the cluster connection with it");
    restart.run();
    return true;
  }

  /** Before the actor system starts: installs a staged key applied in time, drops a stale one. */
  static void beforeStart(Path dataDir) {
    Path staged = dataDir.resolve(STAGED);
    try {
      if (!Files.exists(staged.resolve(ClusterTls.STORE))) return;
      Instant at = Files.getLastModifiedTime(staged.resolve(ClusterTls.STORE)).toInstant();
      if (at.plus(STAGED_FOR).isAfter(Instant.now())) {
        ClusterTls.install(dataDir.resolve(ClusterTls.DIR), ClusterTls.keyIn(staged));
        log.info("installed the System's new cluster key");
      } else {
        log.warn("dropped a new cluster key staged at {} and never applied (the rotation broke off): keeping the current one", at);
      }
      ClusterTls.install(staged, Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install the staged cluster key in " + dataDir, e);
    }
  }
}

package io.argusvms.membership;

import com.typesafe.config.Config;
import io.argusvms.join.JoinClient;
import io.argusvms.join.JoinGrant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's first start in an existing System: before its actor system starts, it obtains the
 * System's cluster key (and, when no seeds were given, the System's servers as seeds) from a
 * server of the System with an administrator's password ({@link JoinClient}). Needed once: the
 * key is kept in {@code <data>/cluster-tls/}, the seeds in {@value SystemSwitch#JOINED}.
 */
final class SystemJoin {
  private static final Logger log = LoggerFactory.getLogger(SystemJoin.class);
  /** How long a joining server waits for the System's servers (they may be starting with it). */
  private static final Duration PATIENCE = Duration.ofMinutes(10);

  private SystemJoin() {}

  /** What this server still lacks to join: nothing, the key, or the key and the seeds. */
  enum Need { NOTHING, KEY, SEEDS }

  static Need need(NodeSettings s, boolean tls, boolean hasKey, boolean switchedOrJoined) {
    if (switchedOrJoined) return Need.NOTHING;
    if (s.seeds().isEmpty() && !s.join().urls().isEmpty()) return Need.SEEDS;
    if (tls && !hasKey && !s.mayCreateSystem()) return Need.KEY;
    return Need.NOTHING;
  }

  static NodeSettings beforeStart(NodeSettings s, Config config) throws InterruptedException {
    Path data = s.dataDir();
    boolean switchedOrJoined = Files.exists(data.resolve(SystemSwitch.PENDING)) || Files.exists(data.resolve(SystemSwitch.JOINED));
    Need need = need(s, config.getBoolean("argus.cluster.tls"), ClusterTls.key(data).isPresent(), switchedOrJoined);
    if (need == Need.NOTHING) return s;
    if (s.join().urls().isEmpty()) {
      throw new IllegalStateException("this server joins the System at " + s.seeds() + ", whose cluster uses TLS, but has no "
          + "key yet: give --join-url http://<a server of the System>:<http port> and an administrator's password "
          + "(--join-password, or --admin-password), or copy the folder " + ClusterTls.DIR + " from a server's data folder to "
          + data.resolve(ClusterTls.DIR) + ". For a System without cluster TLS, start with --no-cluster-tls.");
    }
    if (s.join().password().isEmpty()) {
      throw new IllegalStateException("joining through " + s.join().urls() + " needs an administrator's password: "
          + "--join-password (or ARGUS_JOIN_PASSWORD)");
    }
    log.info("joining the System through {} as '{}'", s.join().urls(), s.join().username());
    JoinGrant grant = new JoinClient().obtain(s.join().urls(), s.join().username(), s.join().password(), PATIENCE);
    if (grant.clusterKey().isEmpty() && config.getBoolean("argus.cluster.tls") && need == Need.KEY) {
      throw new IllegalStateException("the System '" + grant.name() + "' runs its cluster without TLS: start this server "
          + "with --no-cluster-tls to join it");
    }
    try {
      if (grant.clusterKey().isPresent()) ClusterTls.install(data.resolve(ClusterTls.DIR), grant.clusterKey());
      log.info("received the cluster {} of System '{}' ({})", grant.clusterKey().isPresent() ? "TLS key" : "settings (plain TCP)",
          grant.name(), grant.systemId());
      if (need != Need.SEEDS) return s;
      if (grant.seeds().isEmpty()) throw new IllegalStateException("the System '" + grant.name() + "' named no servers to join");
      Files.createDirectories(data);
      Path tmp = data.resolve(SystemSwitch.JOINED + ".tmp");
      Files.writeString(tmp, String.join(",", grant.seeds()));
      Files.move(tmp, data.resolve(SystemSwitch.JOINED), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      log.info("joining the System's servers at {}", grant.seeds());
      return s.withSeeds(grant.seeds());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep what the System granted in " + data, e);
    }
  }
}

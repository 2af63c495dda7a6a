package io.argusvms.membership;

import io.argusvms.join.ClusterKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server of a merged-away System moving into the surviving System's cluster. The decision is
 * written to disk first ({@value #PENDING}), so that a server killed half way still completes the
 * switch at its next start: its System database is dropped (an LWW merge of two identities would
 * mix them) and it joins the survivor's seeds, which it keeps in {@value #JOINED} (they win over
 * the configured seeds from then on; delete that file to go back to the configuration).
 */
final class SystemSwitch {
  private static final Logger log = LoggerFactory.getLogger(SystemSwitch.class);
  static final String PENDING = "merge-pending-seeds";
  static final String JOINED = "merged-seeds";
  /** The survivor's cluster key (an empty folder: plain TCP), installed with the pending seeds. */
  static final String PENDING_TLS = "merge-pending-cluster-tls";

  private SystemSwitch() {}

  /** Called by the merge: records the decision, then restarts the actor system into the other cluster. */
  static void leave(ActorSystem<?> system, Path dataDir, List<String> seeds, Optional<ClusterKey> key) {
    try {
      ClusterTls.install(dataDir.resolve(PENDING_TLS), key);
      Files.createDirectories(dataDir.resolve(PENDING_TLS));
      Path tmp = dataDir.resolve(PENDING + ".tmp");
      Files.writeString(tmp, String.join(",", seeds));
      Files.move(tmp, dataDir.resolve(PENDING), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the merge in " + dataDir, e);
    }
    Rejoin.nextSeeds.set(List.copyOf(seeds));
    Rejoin.restartSoon(system); // later, so that the HTTP answer to the merge request leaves first
  }

  /**
   * Before the actor system starts: completes a pending switch (drops the System database) and
   * applies the seeds of the System this server was merged into.
   */
  static NodeSettings beforeStart(NodeSettings settings) {
    Path data = settings.dataDir();
    try {
      Path pending = data.resolve(PENDING);
      if (Files.exists(pending)) {
        deleteTree(data.resolve("system-db"));
        Path tls = data.resolve(PENDING_TLS);
        if (Files.exists(tls)) {
          ClusterTls.install(data.resolve(ClusterTls.DIR), ClusterTls.keyIn(tls));
          deleteTree(tls);
        }
        Files.move(pending, data.resolve(JOINED), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        log.info("merged into another System: dropped this server's System database, joining {}",
            Files.readString(data.resolve(JOINED)).strip());
      }
      Path joined = data.resolve(JOINED);
      if (Files.exists(joined)) {
        List<String> seeds = Arrays.stream(Files.readString(joined).split(","))
            .map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (!seeds.isEmpty() && !seeds.equals(settings.seeds())) {
          log.info("joining the System this server was merged into ({}), not the configured seeds; delete {} to change",
              seeds, joined);
          return settings.withSeeds(seeds);
        }
      }
      return settings;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot complete the merge in " + data, e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}

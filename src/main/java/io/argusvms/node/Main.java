package io.argusvms.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Starts one Argus server. Configuration: conf/application.conf (via -Dconfig.file), overridden by
 * ARGUS_* environment variables inside it, by -Dargus... / -Dpekko... system properties (the start
 * script's flags), and by an optional extra file given as -Dargus.extra-config=FILE.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Config config = load();
    NodeSettings settings = NodeSettings.create(config);
    ActorSystem.create(Guardian.create(settings), "argus", withClusterSeeds(config, settings));
  }

  static Config load() {
    Config base = ConfigFactory.load();
    String extra = System.getProperty("argus.extra-config", "");
    if (extra.isBlank()) return base;
    return ConfigFactory.systemProperties()
        .withFallback(ConfigFactory.parseFile(new File(extra)))
        .withFallback(base)
        .resolve();
  }

  /** Seeds are given as host:port; Pekko wants full addresses. No seeds = join yourself. */
  static Config withClusterSeeds(Config config, NodeSettings s) {
    List<String> seeds = (s.seeds().isEmpty() ? List.of(s.host() + ":" + s.clusterPort()) : s.seeds())
        .stream().map(hp -> "pekko://argus@" + hp).toList();
    return config
        .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
        .withValue("pekko.cluster.distributed-data.durable.lmdb.dir",
            ConfigValueFactory.fromAnyRef(s.dataDir().resolve("system-db").toString()));
  }
}

package io.argusvms.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restarted first seed waits longer for its peers than a server that has never been in a System
 * (CI: with Pekko's 5 s a restarted first seed formed an island at most restarts).
 */
class FirstSeedPatienceTest {
  @TempDir Path data;

  private Config clusterConfig() {
    Config base = ConfigFactory.parseFile(new File("conf/application.conf"))
        .withFallback(ConfigFactory.defaultReference()).resolve()
        .withValue("argus.cluster.tls", ConfigValueFactory.fromAnyRef(false));
    NodeSettings s = new NodeSettings("s1", data, false, "pw", "127.0.0.1", 7001, 7002,
        List.of("127.0.0.1:7002", "127.0.0.1:7012"), new NodeSettings.Join(List.of(), "admin", "pw"));
    return Membership.clusterConfig(base, s);
  }

  @Test
  void aNewServerKeepsPekkosDefaultAndAServerThatHasBeenInASystemWaitsLonger() throws Exception {
    assertEquals(Duration.ofSeconds(5), clusterConfig().getDuration("pekko.cluster.seed-node-timeout"),
        "never in a System: the first seed forms the new System as soon as Pekko would");
    Files.createDirectories(data.resolve("system-db"));
    assertEquals(Duration.ofSeconds(10), clusterConfig().getDuration("pekko.cluster.seed-node-timeout"),
        "restarted: it waits argus.cluster.first-seed-patience for the peers that are still up");
  }
}

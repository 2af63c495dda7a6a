package io.argusvms.node;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * This server's identity and start-up options, read once from {@code argus.node} and
 * {@code argus.http}.
 *
 * @param seeds cluster addresses ("host:port") to join; empty = start (or restart) alone
 */
public record NodeSettings(
    String name, Path dataDir, boolean demoCamera, String adminPassword, String host, int httpPort,
    int clusterPort, List<String> seeds) {

  public static NodeSettings create(Config config) {
    Config node = config.getConfig("argus.node");
    String host = config.getString("argus.http.host");
    int httpPort = config.getInt("argus.http.port");
    int clusterPort = config.getInt("pekko.remote.artery.canonical.port");
    String name = node.getString("name").isBlank() ? hostName() + "-" + httpPort : node.getString("name");
    Path data = node.getString("data-dir").isBlank() ? Path.of("data", name) : Path.of(node.getString("data-dir"));
    List<String> seeds = Arrays.stream(node.getString("seeds").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    return new NodeSettings(name, data.toAbsolutePath(), node.getBoolean("demo-camera"),
        node.getString("admin-password"), host, httpPort, clusterPort, seeds);
  }

  public String httpUrl() {
    return "http://" + host + ":" + httpPort;
  }

  /** True when this server starts a System of its own (no other server to join). */
  public boolean startsAlone() {
    String self = host + ":" + clusterPort;
    return seeds.isEmpty() || seeds.stream().allMatch(s -> s.equals(self));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "argus";
    }
  }
}

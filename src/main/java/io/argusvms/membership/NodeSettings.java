package io.argusvms.membership;

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
 * @param join how to join an existing System with an administrator's password the first time
 */
public record NodeSettings(
    String name, Path dataDir, boolean demoCamera, String adminPassword, String host, int httpPort,
    int clusterPort, List<String> seeds, Join join) {

  /**
   * @param urls HTTP URLs of servers of the System to join (empty: none given)
   * @param password the administrator's password; empty: the --admin-password given
   */
  public record Join(List<String> urls, String username, String password) {}

  public static NodeSettings create(Config config) {
    Config node = config.getConfig("argus.node");
    String host = config.getString("argus.http.host");
    int httpPort = config.getInt("argus.http.port");
    int clusterPort = config.getInt("pekko.remote.artery.canonical.port");
    String name = node.getString("name").isBlank() ? hostName() + "-" + httpPort : node.getString("name");
    Path data = node.getString("data-dir").isBlank() ? Path.of("data", name) : Path.of(node.getString("data-dir"));
    String admin = node.getString("admin-password");
    Join join = new Join(list(node.getString("join-url")), node.getString("join-user"),
        node.getString("join-password").isEmpty() ? admin : node.getString("join-password"));
    return new NodeSettings(name, data.toAbsolutePath(), node.getBoolean("demo-camera"),
        admin, host, httpPort, clusterPort, list(node.getString("seeds")), join);
  }

  private static List<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  public NodeSettings withSeeds(List<String> newSeeds) {
    return new NodeSettings(name, dataDir, demoCamera, adminPassword, host, httpPort, clusterPort, List.copyOf(newSeeds),
        join);
  }

  /** This server's own cluster address as host:port, the form seeds are given in. */
  public String selfSeed() {
    return host + ":" + clusterPort;
  }

  /**
   * True when this server may create a new System: it has no seeds, or it is the first of its
   * seeds (the one Pekko lets form a cluster when no other seed answers).
   */
  public boolean mayCreateSystem() {
    return seeds.isEmpty() || seeds.get(0).equals(selfSeed());
  }

  public String httpUrl() {
    return "http://" + host + ":" + httpPort;
  }


  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "argus";
    }
  }
}

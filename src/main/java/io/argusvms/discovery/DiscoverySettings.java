package io.argusvms.discovery;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code argus.discovery} section: the LAN beacon.
 *
 * @param host the address whose network interface announces and listens (argus.http.host)
 * @param expireAfter a System not heard from for this long is no longer listed
 */
public record DiscoverySettings(boolean enabled, String group, int port, Duration interval, Duration expireAfter,
    String host) {

  public static DiscoverySettings create(Config config) {
    Config d = config.getConfig("argus.discovery");
    return new DiscoverySettings(d.getBoolean("enabled"), d.getString("group"), d.getInt("port"),
        d.getDuration("interval"), d.getDuration("expire-after"), config.getString("argus.http.host"));
  }
}

package io.argusvms.http;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code argus.http} section of the configuration, read once at start.
 *
 * @param port 0 binds an ephemeral port (tests)
 * @param tokenTtl how long a login token stays valid
 */
public record HttpSettings(String host, int port, Duration tokenTtl) {

  public static HttpSettings create(Config argusHttpSection) {
    return new HttpSettings(
        argusHttpSection.getString("host"),
        argusHttpSection.getInt("port"),
        argusHttpSection.getDuration("token-ttl"));
  }
}

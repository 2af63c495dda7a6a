package io.argusvms.http;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code argus.http} section of the configuration, read once at start.
 *
 * @param port 0 binds an ephemeral port (tests)
 * @param tokenTtl how long a login token stays valid
 * @param lockout when repeated wrong passwords lock a user name
 */
public record HttpSettings(String host, int port, Duration tokenTtl, LoginThrottle.Settings lockout) {

  public HttpSettings(String host, int port, Duration tokenTtl) {
    this(host, port, tokenTtl, LoginThrottle.Settings.DEFAULT);
  }

  public static HttpSettings create(Config argusHttpSection) {
    Config l = argusHttpSection.getConfig("login-lockout");
    return new HttpSettings(
        argusHttpSection.getString("host"),
        argusHttpSection.getInt("port"),
        argusHttpSection.getDuration("token-ttl"),
        new LoginThrottle.Settings(l.getInt("max-failures"), l.getDuration("window"), l.getDuration("lockout"),
            l.getDuration("delay-step")));
  }
}

package io.argusvms.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns multicast on for the loopback interface (and routes the discovery group there), as the LAN
 * discovery tests need, and puts the host back as it was on {@link #close()}: a test undoes what it
 * changed on the machine. Needs root (CI runs as root; a developer's machine may not let it).
 */
public final class MulticastOnLoopback implements AutoCloseable {
  private final boolean multicastWasOn;
  private final boolean routeExisted;
  private final String group;

  private MulticastOnLoopback(String group, boolean multicastWasOn, boolean routeExisted) {
    this.group = group;
    this.multicastWasOn = multicastWasOn;
    this.routeExisted = routeExisted;
  }

  /** @param group the multicast group to route over lo (e.g. 239.255.11.11) */
  public static MulticastOnLoopback enable(String group) throws IOException, InterruptedException {
    boolean wasOn = out("ip", "link", "show", "lo").contains("MULTICAST");
    boolean routed = !out("ip", "route", "show", group + "/32").isBlank();
    if (!wasOn) run("ip", "link", "set", "lo", "multicast", "on");
    if (!routed) run("ip", "route", "add", group + "/32", "dev", "lo");
    return new MulticastOnLoopback(group, wasOn, routed);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (!routeExisted) run("ip", "route", "del", group + "/32", "dev", "lo");
    if (!multicastWasOn) run("ip", "link", "set", "lo", "multicast", "off");
  }

  private static String out(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return text;
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    new ProcessBuilder(cmd).inheritIO().start().waitFor();
  }
}

package io.argusvms.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for servers the tests start, taken below the kernel's ephemeral range. A port the kernel
 * handed out by {@code new ServerSocket(0)} is an ephemeral one, so while a killed server is down
 * any outgoing connection on the machine (ffmpeg, a peer, the test's own HTTP client) may get it as
 * its local port, and the restarted server then fails to bind it (seen in CI: "Address already in
 * use" when PairFailoverSystemTest restarted s2; a TestCamera restarts on its port too). Below the
 * ephemeral range only a listener can take a port, and each port is handed out once per test JVM.
 */
public final class FreePorts {
  private static final int LOWEST = 10_000;
  private static final int ABOVE_HIGHEST = ephemeralRangeStart();
  private static final AtomicInteger next =
      new AtomicInteger(LOWEST + ThreadLocalRandom.current().nextInt(Math.max(1, (ABOVE_HIGHEST - LOWEST) / 2)));

  private FreePorts() {}

  /** A port nothing listens on, below the ephemeral range, not handed out before by this JVM. */
  public static int find() {
    for (int tries = 0; tries < 2_000; tries++) {
      int port = next.getAndIncrement();
      if (port >= ABOVE_HIGHEST) {
        next.set(LOWEST);
        continue;
      }
      if (bindable(port)) {
        return port;
      }
    }
    throw new UncheckedIOException(new IOException("no free port between " + LOWEST + " and " + ABOVE_HIGHEST));
  }

  private static boolean bindable(int port) {
    // Binding the wildcard address fails while anything listens on the port at any address.
    try (ServerSocket any = new ServerSocket(port)) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static int ephemeralRangeStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      int start = Integer.parseInt(range.split("\\s+")[0]);
      return start > LOWEST + 1_000 ? start : 32_768;
    } catch (IOException | RuntimeException unreadable) {
      return 32_768;
    }
  }
}

package io.argusvms.onvif;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WS-Discovery on this server's interface: multicasts a Probe for video transmitters to
 * 239.255.255.250:3702 at start, every {@code interval} and on request, takes the ProbeMatches
 * devices send back to the probing socket, and listens on 3702 for Hello and Bye. Bound to the
 * interface of the server's host (a wildcard host: the default one), TTL 1. Daemon threads of its
 * own (blocking sockets never run on Pekko's dispatchers); a socket it cannot open is logged, and
 * discovery is then off, never a failed start.
 */
public final class DeviceProbe implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeviceProbe.class);
  private static final int MAX_DATAGRAM = 65_535;
  /**
   * What the sockets ask the kernel to queue (it grants at most net.core.rmem_max; 4 MiB here).
   * The default (~208 KiB) holds only a few 60 KiB datagrams: a LAN where devices, or anything
   * else, answer a Probe with large datagrams before the real matches overflowed it, and a
   * device's match was dropped (OnvifDiscoverySystemTest, five devices sending 60 KiB of garbage
   * each ahead of their match: one device missing from the list in CI).
   */
  private static final int RECEIVE_BUFFER = 4 << 20;

  private final String host;
  private final Duration interval;
  private final Clock clock;
  private final DeviceTable table;
  private volatile boolean running; // from a successful start to close
  private MulticastSocket probing;
  private MulticastSocket listening;
  private InetSocketAddress group;

  public DeviceProbe(String host, Duration interval, Clock clock) {
    this.host = host;
    this.interval = interval;
    this.clock = clock;
    this.table = new DeviceTable(3 * interval.toMillis() + 60_000);
  }

  public DeviceProbe start() {
    try {
      group = new InetSocketAddress(InetAddress.getByName(WsDiscovery.GROUP), WsDiscovery.PORT);
      NetworkInterface nif = networkInterface(host);
      probing = new MulticastSocket(0);
      probing.setTimeToLive(1);
      probing.setSoTimeout(1000);
      probing.setReceiveBufferSize(RECEIVE_BUFFER);
      if (nif != null) probing.setNetworkInterface(nif);
      listening = new MulticastSocket(WsDiscovery.PORT);
      listening.setSoTimeout(1000);
      listening.setReceiveBufferSize(RECEIVE_BUFFER);
      listening.joinGroup(group, nif);
      running = true;
      thread("argus-onvif-matches", () -> receive(probing)).start();
      thread("argus-onvif-hello", () -> receive(listening)).start();
      thread("argus-onvif-probe", this::probeEvery).start();
      log.info("ONVIF discovery on {}:{} via {}", WsDiscovery.GROUP, WsDiscovery.PORT,
          nif == null ? "the default interface" : nif.getName());
    } catch (IOException e) {
      log.warn("ONVIF discovery is off: cannot use multicast {}:{} on the interface of {}: {}", WsDiscovery.GROUP,
          WsDiscovery.PORT, host, e.getMessage());
      running = false;
    }
    return this;
  }

  /** Sends a Probe now; matches arrive over the next seconds. False when discovery is off. */
  public boolean probe() {
    if (!running) return false;
    String id = "uuid:" + UUID.randomUUID();
    table.probed(id);
    byte[] probe = WsDiscovery.probe(id);
    try {
      probing.send(new DatagramPacket(probe, probe.length, group));
      return true;
    } catch (IOException e) {
      log.warn("ONVIF probe failed: {}", e.getMessage());
      return false;
    }
  }

  public boolean running() {
    return running;
  }

  public List<DeviceTable.Device> devices() {
    return table.devices(clock.millis());
  }

  private void receive(MulticastSocket socket) {
    byte[] buf = new byte[MAX_DATAGRAM];
    while (running) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
        byte[] data = java.util.Arrays.copyOf(p.getData(), p.getLength());
        WsDiscovery.parse(data).ifPresent(m -> table.heard(m, p.getAddress().getHostAddress(), clock.millis()));
      } catch (SocketTimeoutException idle) {
        // loop to see whether we were closed
      } catch (IOException e) {
        if (running) log.warn("ONVIF discovery receive failed: {}", e.getMessage());
      }
    }
  }

  private void probeEvery() {
    while (running) {
      probe();
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static NetworkInterface networkInterface(String host) throws IOException {
    InetAddress a = InetAddress.getByName(host);
    if (a.isAnyLocalAddress()) return null;
    NetworkInterface nif = NetworkInterface.getByInetAddress(a);
    if (nif == null) throw new IOException("no interface has the address " + host);
    return nif;
  }

  private static Thread thread(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    running = false;
    if (probing != null) probing.close();
    if (listening != null) listening.close();
  }
}

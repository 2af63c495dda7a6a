package io.argusvms.discovery;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LAN beacon: announces this server's System by UDP multicast (TTL 1, on the interface of
 * the configured host) every {@code interval}, and remembers what other servers announce. Two
 * daemon threads of its own (blocking sockets never run on Pekko's dispatchers).
 */
public final class LanDiscovery implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LanDiscovery.class);

  private final DiscoverySettings settings;
  private final Supplier<Optional<Beacon>> self;
  private final Clock clock;
  private final Map<String, Heard> heard = new ConcurrentHashMap<>();
  private volatile boolean running = true;
  private MulticastSocket socket;
  private InetSocketAddress group;

  private record Heard(Beacon beacon, long atMs) {}

  /** @param self this server's beacon, empty while it does not know its System yet */
  public LanDiscovery(DiscoverySettings settings, Supplier<Optional<Beacon>> self, Clock clock) {
    this.settings = settings;
    this.self = self;
    this.clock = clock;
  }

  /** Opens the socket and starts announcing and listening; a failure is logged, not thrown. */
  public LanDiscovery start() {
    if (!settings.enabled()) return this;
    try {
      group = new InetSocketAddress(InetAddress.getByName(settings.group()), settings.port());
      NetworkInterface nif = networkInterface(settings.host());
      socket = new MulticastSocket(settings.port()); // SO_REUSEADDR: several servers per host
      socket.setTimeToLive(1);
      socket.setSoTimeout(1000);
      socket.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
      if (nif != null) socket.setNetworkInterface(nif);
      socket.joinGroup(group, nif);
      thread("argus-discovery-listen", this::listen).start();
      thread("argus-discovery-announce", this::announce).start();
      log.info("LAN discovery on {}:{} via {}", settings.group(), settings.port(), nif == null ? "default interface" : nif.getName());
    } catch (IOException e) {
      log.warn("LAN discovery is off: cannot use multicast {}:{} on the interface of {}: {}", settings.group(),
          settings.port(), settings.host(), e.getMessage());
      running = false;
    }
    return this;
  }

  /** The interface that carries the host's address; null (the default one) for a wildcard host. */
  private static NetworkInterface networkInterface(String host) throws IOException {
    InetAddress a = InetAddress.getByName(host);
    if (a.isAnyLocalAddress()) return null;
    NetworkInterface nif = NetworkInterface.getByInetAddress(a);
    if (nif == null) throw new IOException("no interface has the address " + host);
    return nif;
  }

  /** Systems other than {@code ownSystemId} heard within expire-after, with all their URLs. */
  public List<SeenSystem> systems(String ownSystemId) {
    long oldest = clock.millis() - settings.expireAfter().toMillis();
    Map<String, List<Beacon>> bySystem = new LinkedHashMap<>();
    heard.values().stream()
        .filter(h -> h.atMs() >= oldest && !h.beacon().systemId().equals(ownSystemId))
        .sorted(Comparator.comparing((Heard h) -> h.beacon().url()))
        .forEach(h -> bySystem.computeIfAbsent(h.beacon().systemId(), k -> new ArrayList<>()).add(h.beacon()));
    heard.values().removeIf(h -> h.atMs() < oldest);
    List<SeenSystem> out = new ArrayList<>();
    bySystem.forEach((id, beacons) -> {
      Beacon first = beacons.get(0);
      out.add(new SeenSystem(id, first.name(), first.version(), beacons.stream().map(Beacon::url).toList()));
    });
    out.sort(Comparator.comparing(SeenSystem::name).thenComparing(SeenSystem::systemId));
    return out;
  }

  private void listen() {
    byte[] buf = new byte[2048];
    while (running) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
        Beacon.decode(p.getData(), p.getLength()).ifPresent(b -> heard.put(b.url(), new Heard(b, clock.millis())));
      } catch (SocketTimeoutException idle) {
        // loop to see whether we were closed
      } catch (IOException e) {
        if (running) log.warn("LAN discovery receive failed: {}", e.getMessage());
      }
    }
  }

  private void announce() {
    boolean warned = false;
    while (running) {
      try {
        Optional<Beacon> b = self.get();
        if (b.isPresent()) {
          byte[] data = b.get().encode();
          socket.send(new DatagramPacket(data, data.length, group));
          warned = false;
        }
      } catch (Exception e) {
        if (running && !warned) log.warn("LAN discovery announce failed: {}", e.getMessage());
        warned = true;
      }
      try {
        Thread.sleep(settings.interval().toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static Thread thread(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    running = false;
    if (socket != null) socket.close();
  }
}

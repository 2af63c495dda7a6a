package io.argusvms.onvif;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this server's WS-Discovery heard, by device endpoint: the rules for what is believed. A
 * ProbeMatch counts only when it answers one of our recent Probes; Hello adds, Bye removes; a
 * device not heard for {@code expireMs} is forgotten. The device's address is the datagram's source,
 * and of the service addresses it names only those on that address are kept: a reply that names
 * another host (a spoofed or misconfigured answer) cannot send inspection elsewhere, and one
 * that names no service on its own address is not listed. Thread-safe.
 */
public final class DeviceTable {
  /** A device as heard: its address (the datagram's source) and what it said. */
  public record Device(String endpoint, String address, List<String> xaddrs, List<String> scopes, String name,
      String hardware, long lastSeenMs) {}

  private static final int REMEMBERED_PROBES = 8;

  private final long expireMs;
  private final Map<String, Device> devices = new ConcurrentHashMap<>();
  private final Deque<String> probes = new ArrayDeque<>();

  public DeviceTable(long expireMs) {
    this.expireMs = expireMs;
  }

  /** A Probe we sent: matches relating to it are believed. */
  public synchronized void probed(String messageId) {
    probes.addLast(messageId);
    while (probes.size() > REMEMBERED_PROBES) probes.pollFirst();
  }

  private synchronized boolean ours(String relatesTo) {
    return relatesTo != null && probes.contains(relatesTo);
  }

  /** A message from {@code sourceAddress}; returns whether it changed what is believed. */
  public boolean heard(WsDiscovery.Message m, String sourceAddress, long nowMs) {
    if (m.kind() == WsDiscovery.Kind.BYE) return devices.remove(m.endpoint()) != null;
    if (m.kind() == WsDiscovery.Kind.PROBE_MATCH && !ours(m.relatesTo())) return false;
    List<String> own = m.xaddrs().stream().filter(x -> onHost(x, sourceAddress)).toList();
    if (own.isEmpty()) return false;
    devices.put(m.endpoint(), new Device(m.endpoint(), sourceAddress, own, m.scopes(), m.scope("name"),
        m.scope("hardware"), nowMs));
    return true;
  }

  /** The devices heard within the expiry, by address. */
  public List<Device> devices(long nowMs) {
    devices.values().removeIf(d -> nowMs - d.lastSeenMs() > expireMs);
    return devices.values().stream().sorted(Comparator.comparing(Device::address).thenComparing(Device::endpoint))
        .toList();
  }

  private static boolean onHost(String xaddr, String host) {
    try {
      URI u = URI.create(xaddr);
      String h = u.getHost();
      if (h == null) return false;
      if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
      return (u.getScheme().equals("http") || u.getScheme().equals("https")) && h.equalsIgnoreCase(host);
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }
}

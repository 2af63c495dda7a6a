package io.argusvms.onvif;

import io.argusvms.system.CameraConfig;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The ONVIF devices this server found (GET /api/v1/discovery/cameras) and a probe on request, with
 * whether each is already a camera of the System (a camera whose stream is on the device's address).
 */
public final class CameraDiscovery {
  /** How long a probe on request waits for answers (devices answer within a second or two). */
  static final long PROBE_WAIT_MS = 3000;

  /** A device as listed: what was heard, who heard it, and whether it is added. */
  public record Listed(DeviceTable.Device device, List<String> seenBy, boolean added) {}

  private final DeviceProbe probe;
  private final String serverId;
  private final Supplier<Collection<CameraConfig>> cameras;
  private final Executor blocking;

  public CameraDiscovery(DeviceProbe probe, String serverId, Supplier<Collection<CameraConfig>> cameras,
      Executor blocking) {
    this.probe = probe;
    this.serverId = serverId;
    this.cameras = cameras;
    this.blocking = blocking;
  }

  /** Whether this server can discover at all (its multicast socket opened). */
  public boolean running() {
    return probe.running();
  }

  public List<Listed> devices() {
    Set<String> hosts = cameras.get().stream().map(c -> host(c.url())).collect(Collectors.toSet());
    return probe.devices().stream()
        .map(d -> new Listed(d, List.of(serverId), hosts.contains(d.address().toLowerCase(Locale.ROOT))))
        .toList();
  }

  /** Probes now and lists what answered within {@link #PROBE_WAIT_MS}. */
  public CompletionStage<List<Listed>> probeNow() {
    return CompletableFuture.supplyAsync(() -> {
      if (probe.probe()) {
        try {
          Thread.sleep(PROBE_WAIT_MS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return devices();
    }, blocking);
  }

  private static String host(String url) {
    try {
      String h = URI.create(url).getHost();
      return h == null ? "" : h.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}

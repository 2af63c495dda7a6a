package io.argusvms.camera;

import io.argusvms.recording.CameraUrl;
import io.argusvms.system.CameraConfig;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/**
 * Which cameras this server can reach: a TCP connect to each camera's RTSP host and port (demo
 * cameras are generated inside every server, so always reachable). A camera whose stream this
 * server receives now needs no probe: the stream is the proof, and a connect every two seconds per
 * camera costs both sides (at 100 recorded cameras it was 3 % of a core here, and the cameras'
 * servers answered each one). Blocking; run it on a blocking executor. Probes run in parallel, each
 * bounded by the connect timeout.
 */
public final class CameraReachability {
  private CameraReachability() {}

  /**
   * @param receiving ids of the cameras whose stream this server receives now
   * @return ids of the cameras this server reaches
   */
  public static Set<String> probe(Collection<CameraConfig> cameras, Set<String> receiving, int timeoutMs,
      ExecutorService pool) {
    List<CompletableFuture<String>> probes = cameras.stream()
        .map(c -> receiving.contains(c.id()) ? CompletableFuture.completedFuture(c.id())
            : CompletableFuture.supplyAsync(() -> reaches(c.url(), timeoutMs) ? c.id() : null, pool))
        .toList();
    return probes.stream().map(CompletableFuture::join).filter(id -> id != null).collect(Collectors.toUnmodifiableSet());
  }

  static boolean reaches(String url, int timeoutMs) {
    try {
      CameraUrl camera = CameraUrl.parse(url);
      if (camera.kind() == CameraUrl.Kind.DEMO) return true;
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(camera.host(), camera.port()), timeoutMs);
        return true;
      }
    } catch (Exception e) {
      return false;
    }
  }
}

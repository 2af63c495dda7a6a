package io.argusvms.camera;

import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStandby;
import io.argusvms.system.CameraStatus;
import io.argusvms.system.SystemState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The truth about a camera, from its config, the status its recorder last reported and who is up:
 * the API shows it, the keeper acts on it. A recorder's report outlives its server (a server killed
 * with -9 cannot take it back), so a camera whose reporting server is not online is "unplaced".
 */
public final class CameraStatusRule {
  private CameraStatusRule() {}

  public static CameraStatus status(SystemState s, CameraConfig c) {
    CameraStatus reported = s.cameraStatus().get(c.id());
    if (!c.recording()) {
      long since = reported != null ? reported.sinceMs() : 0;
      return new CameraStatus(CameraStatus.DISABLED, null, since, null);
    }
    if (reported == null) return new CameraStatus(CameraStatus.UNPLACED, null, 0, null);
    if (!isRunning(s, c.id())) return new CameraStatus(CameraStatus.UNPLACED, null, reported.sinceMs(), null);
    return reported;
  }

  /** The camera's standby, when its server is online and the camera is enabled; else null. */
  public static CameraStandby standby(SystemState s, CameraConfig c) {
    CameraStandby st = s.cameraStandby().get(c.id());
    return c.recording() && st != null && s.isOnline(st.serverId()) ? st : null;
  }

  /** True when an online server reports that it holds the camera (recording or connecting). */
  public static boolean isRunning(SystemState s, String cameraId) {
    CameraStatus st = s.cameraStatus().get(cameraId);
    return st != null && st.serverId() != null && s.isOnline(st.serverId());
  }

  /** serverId -> cameras it holds now (its own and those it took over). */
  public static Map<String, Integer> countsByServer(SystemState s) {
    Map<String, Integer> counts = new HashMap<>();
    for (CameraConfig c : s.cameras().values()) {
      CameraStatus st = status(s, c);
      if (st.serverId() != null) counts.merge(st.serverId(), 1, Integer::sum);
    }
    return counts;
  }

  /** Cameras by state, every state listed (for metrics). */
  public static Map<String, Integer> countsByState(SystemState s) {
    Map<String, Integer> byState = new LinkedHashMap<>();
    for (String st : CameraStatus.STATES) byState.put(st, 0);
    for (CameraConfig c : s.cameras().values()) byState.merge(status(s, c).state(), 1, Integer::sum);
    return byState;
  }
}

package io.argusvms.camera;

import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStatus;

/**
 * Make-before-break for a planned move. When a camera leaves this server on purpose (failback,
 * rebalance, this server shutting down) its recording does not stop with its camera entity: it
 * goes on until the camera's new server has written its first keyframe (it reports "recording"),
 * so that the archive has no hole across the move; the overlap is trimmed on playback
 * ({@code SystemTimeline}). This rule says when the overlap may end.
 */
final class HandoverRule {
  private HandoverRule() {}

  /** Why a handed-over recording stops, or KEEP while it must go on. */
  enum Verdict {
    KEEP,
    /** Another server reports the camera recording: its first keyframe is on disk. */
    TAKEN_OVER,
    /**
     * Another server could not open the camera. Many cameras allow one or two RTSP sessions, and
     * this server may be holding the one the new server needs: let it go.
     */
    TAKER_FAILED,
    /** The camera was removed, disabled or pointed at another stream meanwhile. */
    NOT_WANTED,
    /** Nobody took over within the longest overlap allowed. */
    TIMED_OUT
  }

  /**
   * @param ownServerId this server
   * @param handedOver the camera's config when its entity stopped here
   * @param now the camera's config now (null once removed)
   * @param status the camera's status as the System database has it now (null if none)
   * @param statusServerOnline whether the server the status names is online
   * @param elapsedMs how long the recording has outlived its entity
   * @param maxMs the longest overlap allowed
   */
  static Verdict decide(String ownServerId, CameraConfig handedOver, CameraConfig now, CameraStatus status,
      boolean statusServerOnline, long elapsedMs, long maxMs) {
    if (now == null || !now.recording() || !handedOver.sameStreamAs(now)) return Verdict.NOT_WANTED;
    boolean elsewhere = status != null && status.serverId() != null && !status.serverId().equals(ownServerId)
        && statusServerOnline;
    if (elsewhere && CameraStatus.RECORDING.equals(status.state())) return Verdict.TAKEN_OVER;
    if (elsewhere && CameraStatus.CONNECTING.equals(status.state()) && status.error() != null) {
      return Verdict.TAKER_FAILED;
    }
    return elapsedMs >= maxMs ? Verdict.TIMED_OUT : Verdict.KEEP;
  }
}

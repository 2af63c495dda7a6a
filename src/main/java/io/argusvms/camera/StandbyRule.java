package io.argusvms.camera;

import io.argusvms.recording.SessionRefused;
import io.argusvms.system.CameraStatus;
import java.util.function.Predicate;

/**
 * When this server may hold a camera's standby session, given what the camera's recording server
 * reports. The recording comes first: many cameras allow one or two RTSP sessions, and a standby
 * that opened first (a camera just added, a camera that rebooted) would take the session the
 * recording needs and keep it. So a standby opens only once the recording runs, and lets go while
 * the camera refuses the recording server's session. Any other failure of the recording (storage
 * that stops taking writes, say) keeps the standby: that is when a move needs its buffer. Pure.
 */
final class StandbyRule {
  private StandbyRule() {}

  /**
   * @param status the camera's status in the System database, or null
   * @param ownServerId this server
   * @param online whether a server is up in the cluster
   * @param heldNow whether this server holds the standby already
   */
  static boolean mayHold(CameraStatus status, String ownServerId, Predicate<String> online, boolean heldNow) {
    if (status == null) return heldNow;
    String recorder = status.serverId();
    if (recorder != null && !recorder.equals(ownServerId)) {
      // A dead recorder's last report stands: this is the moment the standby exists for.
      if (!online.test(recorder)) return true;
      if (CameraStatus.RECORDING.equals(status.state())) return true;
      if (CameraStatus.CONNECTING.equals(status.state()) && status.error() != null) {
        // Refused: our session may be the one it needs. Any other failure (its storage, its
        // network): the recording cannot use the session anyway, and a move will want the buffer.
        return !SessionRefused.describes(status.error());
      }
    }
    return heldNow; // starting, moving, unplaced: keep what is held, open nothing new
  }
}

package io.argusvms.recording;

import io.argusvms.system.CameraConfig;
import java.util.Map;

/**
 * This server's standby sessions: a camera's stream held open with its last seconds in memory
 * ({@link StandbyGate}), written nowhere, so that if the camera's recording server dies this one
 * records from the buffer ({@link RecorderFactory#start} of that camera takes the standby over).
 */
public interface Standbys {

  /** What a standby holds now. */
  record Held(CameraConfig camera, boolean warm, String error, long bufferedBytes) {}

  /** Holds a standby of this camera (a no-op when one of the same stream is held). */
  void hold(CameraConfig camera);

  /** Stops the camera's standby, if any. */
  void release(String cameraId);

  /** Every standby held now, by camera id. */
  Map<String, Held> held();
}

package io.argusvms.recording;

import io.argusvms.system.CameraConfig;

/**
 * Starts the recording of one camera on this server. The camera actor only decides when; how
 * (JavaCV session, archive folder, catalog) is wired in by the node.
 */
@FunctionalInterface
public interface RecorderFactory {

  Running start(CameraConfig camera, RecorderStatusListener listener);

  /** A started recording; {@link #stop()} seals the open chunk and returns within seconds. */
  interface Running {
    void stop();
  }
}

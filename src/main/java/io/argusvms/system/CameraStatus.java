package io.argusvms.system;

import java.util.List;

/**
 * What a camera is doing now, as the API reports it.
 *
 * @param state recording | connecting | unplaced | disabled
 * @param serverId the server that holds it now, null when unplaced
 * @param sinceMs when this state began (epoch ms)
 * @param error why the last attempt failed, or null
 */
public record CameraStatus(String state, String serverId, long sinceMs, String error)
    implements CborSerializable {
  public static final String RECORDING = "recording";
  public static final String CONNECTING = "connecting";
  public static final String UNPLACED = "unplaced";
  public static final String DISABLED = "disabled";
  public static final List<String> STATES = List.of(RECORDING, CONNECTING, UNPLACED, DISABLED);
}

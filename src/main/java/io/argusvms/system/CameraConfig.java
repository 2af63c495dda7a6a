package io.argusvms.system;

import java.util.Objects;

/**
 * A camera as configured in the System database (replicated to every server).
 *
 * @param url rtsp://... or demo://...; credentials are kept in username/password, not in the URL
 * @param homeServerId the server that records it when that server is up
 * @param recording false = disabled by the operator
 * @param standby whether it gets a hot standby on another server; null = as its priority says
 *     (High: yes, others: no). Null is also what records written before this field read as.
 */
public record CameraConfig(
    String id,
    String name,
    String url,
    String username,
    String password,
    String homeServerId,
    FailoverPriority failoverPriority,
    boolean recording,
    Boolean standby)
    implements CborSerializable {

  /** A camera that follows its priority for the standby (High: yes). */
  public CameraConfig(String id, String name, String url, String username, String password, String homeServerId,
      FailoverPriority failoverPriority, boolean recording) {
    this(id, name, url, username, password, homeServerId, failoverPriority, recording, null);
  }

  /** The one rule for who gets a standby: as set, else High only; never for a camera that never fails over. */
  public boolean wantsStandby() {
    if (failoverPriority == FailoverPriority.NEVER) return false;
    return standby != null ? standby : failoverPriority.hasStandbyByDefault();
  }

  /** Same stream and credentials: a recording of one is a recording of the other. */
  public boolean sameStreamAs(CameraConfig other) {
    return other != null && url.equals(other.url) && Objects.equals(username, other.username)
        && Objects.equals(password, other.password);
  }

  public CameraConfig withFailoverPriority(FailoverPriority p) {
    return new CameraConfig(id, name, url, username, password, homeServerId, p, recording, standby);
  }
}

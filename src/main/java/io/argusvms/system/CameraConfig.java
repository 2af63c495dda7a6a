package io.argusvms.system;

import java.util.Objects;

/**
 * A camera as configured in the System database (replicated to every server).
 *
 * @param url rtsp://... or demo://...; credentials are kept in username/password, not in the URL
 * @param homeServerId the server that records it when that server is up
 * @param recording false = disabled by the operator
 */
public record CameraConfig(
    String id,
    String name,
    String url,
    String username,
    String password,
    String homeServerId,
    FailoverPriority failoverPriority,
    boolean recording)
    implements CborSerializable {

  /** Same stream and credentials: a recording of one is a recording of the other. */
  public boolean sameStreamAs(CameraConfig other) {
    return other != null && url.equals(other.url) && Objects.equals(username, other.username)
        && Objects.equals(password, other.password);
  }

  public CameraConfig withFailoverPriority(FailoverPriority p) {
    return new CameraConfig(id, name, url, username, password, homeServerId, p, recording);
  }
}

package io.argusvms.system;


/**
 * A server as configured in the System database.
 *
 * @param url this server's HTTP base URL, e.g. http://127.0.0.1:7001
 * @param clusterAddress its Pekko address, e.g. pekko://argus@127.0.0.1:7002
 * @param maxCameras how many cameras it may record in all (own plus taken over)
 * @param maxStandbys how many standbys it may hold; null = as many as {@code maxCameras} (also what
 *     records written before this field read as)
 */
public record ServerInfo(
    String id,
    String name,
    String url,
    String clusterAddress,
    boolean failoverEnabled,
    int maxCameras,
    Integer maxStandbys)
    implements CborSerializable {

  public ServerInfo(String id, String name, String url, String clusterAddress, boolean failoverEnabled, int maxCameras) {
    this(id, name, url, clusterAddress, failoverEnabled, maxCameras, null);
  }

  /** The same server, settings kept, at new addresses (a restart may change ports). */
  public ServerInfo withAddresses(String newUrl, String newClusterAddress) {
    return new ServerInfo(id, name, newUrl, newClusterAddress, failoverEnabled, maxCameras, maxStandbys);
  }

  /** A standby costs a network session and memory, not disk: by default as many as it may record. */
  public int standbyRoom() {
    return maxStandbys != null ? maxStandbys : defaultStandbyRoom(maxCameras);
  }

  public static int defaultStandbyRoom(int maxCameras) {
    return maxCameras;
  }
}

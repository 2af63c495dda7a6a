package io.argusvms.system;


/**
 * A server as configured in the System database.
 *
 * @param url this server's HTTP base URL, e.g. http://127.0.0.1:7001
 * @param clusterAddress its Pekko address, e.g. pekko://argus@127.0.0.1:7002
 * @param maxCameras how many cameras it may record in all (own plus taken over)
 */
public record ServerInfo(
    String id,
    String name,
    String url,
    String clusterAddress,
    boolean failoverEnabled,
    int maxCameras)
    implements CborSerializable {}

package io.argusvms.system;

import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.Key;

/**
 * The Distributed Data keys of the System database. Keys named {@code argus-*} are durable (kept on
 * this server's disk, see pekko.cluster.distributed-data.durable.keys); {@code status-*} keys are
 * runtime facts each server republishes, so they are not kept.
 */
public final class DataKeys {
  private DataKeys() {}

  public static final Key<LWWMap<String, SystemIdentity>> IDENTITY = LWWMapKey.create("argus-identity");
  public static final Key<LWWMap<String, SystemSecret>> SECRET = LWWMapKey.create("argus-secret");
  public static final Key<LWWMap<String, ServerInfo>> SERVERS = LWWMapKey.create("argus-servers");
  public static final Key<LWWMap<String, CameraConfig>> CAMERAS = LWWMapKey.create("argus-cameras");
  public static final Key<LWWMap<String, UserRecord>> USERS = LWWMapKey.create("argus-users");
  public static final Key<LWWMap<String, MergedSystem>> MERGED_SYSTEMS = LWWMapKey.create("argus-merged-systems");
  public static final Key<LWWMap<String, CameraStatus>> CAMERA_STATUS = LWWMapKey.create("status-cameras");
  public static final Key<LWWMap<String, ServerRuntime>> SERVER_RUNTIME = LWWMapKey.create("status-servers");
  public static final Key<LWWMap<String, CameraStandby>> CAMERA_STANDBY = LWWMapKey.create("status-standbys");

  /** Merges running in the System, one claim per server (memory only: not argus-*). */
  public static final Key<LWWMap<String, MergeClaim>> MERGE_CLAIMS = LWWMapKey.create("lock-merge");

  /** The single entry of the IDENTITY and SECRET maps. */
  public static final String SINGLE = "system";
}

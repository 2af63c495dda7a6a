package io.argusvms.system;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
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

  private static final String CAMERA_STATUS_PREFIX = "status-cameras-";

  public static final Key<LWWMap<String, SystemIdentity>> IDENTITY = LWWMapKey.create("argus-identity");
  public static final Key<LWWMap<String, SystemSecret>> SECRET = LWWMapKey.create("argus-secret");
  public static final Key<LWWMap<String, ServerInfo>> SERVERS = LWWMapKey.create("argus-servers");
  public static final Key<LWWMap<String, CameraConfig>> CAMERAS = LWWMapKey.create("argus-cameras");
  public static final Key<LWWMap<String, UserRecord>> USERS = LWWMapKey.create("argus-users");
  public static final Key<LWWMap<String, MergedSystem>> MERGED_SYSTEMS = LWWMapKey.create("argus-merged-systems");
  public static final Key<LWWMap<String, ServerRuntime>> SERVER_RUNTIME = LWWMapKey.create("status-servers");
  public static final Key<LWWMap<String, CameraStandby>> CAMERA_STANDBY = LWWMapKey.create("status-standbys");

  /** Merges running in the System, one claim per server (memory only: not argus-*). */
  public static final Key<LWWMap<String, MergeClaim>> MERGE_CLAIMS = LWWMapKey.create("lock-merge");

  /**
   * Each camera's status, in {@link BucketedMap#BUCKETS} keys by a hash of the camera id
   * ("status-cameras-0" ...): a camera's status change is merged, digested and gossiped as its
   * bucket, not as every camera's status (which made each camera start cost O(cameras) on every
   * server: docs/SCALE.md).
   */
  public static final List<Key<LWWMap<String, CameraStatus>>> CAMERA_STATUS_BUCKETS = IntStream.range(0, BucketedMap.BUCKETS)
      .mapToObj(n -> (Key<LWWMap<String, CameraStatus>>) LWWMapKey.<String, CameraStatus>create(CAMERA_STATUS_PREFIX + n))
      .toList();

  /** The key that holds this camera's status. */
  public static Key<LWWMap<String, CameraStatus>> cameraStatus(String cameraId) {
    return CAMERA_STATUS_BUCKETS.get(BucketedMap.bucketOf(cameraId));
  }

  /** Which bucket of the camera statuses a key id is, if it is one. */
  static Optional<Integer> cameraStatusBucket(String keyId) {
    if (!keyId.startsWith(CAMERA_STATUS_PREFIX)) return Optional.empty();
    try {
      int n = Integer.parseInt(keyId.substring(CAMERA_STATUS_PREFIX.length()));
      return n >= 0 && n < BucketedMap.BUCKETS ? Optional.of(n) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The single entry of the IDENTITY and SECRET maps. */
  public static final String SINGLE = "system";
}

package io.argusvms.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Camera statuses in buckets: a bucket's change replaces that bucket of the view and nothing else. */
class CameraStatusBucketsTest {
  private static CameraStatus recording(String server) {
    return new CameraStatus(CameraStatus.RECORDING, server, 1_000, null);
  }

  /** What the listener does for a key's new value: the whole bucket's entries. */
  private static SystemState put(SystemState s, String cameraId, CameraStatus status) {
    int n = BucketedMap.bucketOf(cameraId);
    Map<String, CameraStatus> bucket = new HashMap<>();
    s.cameraStatus().forEach((k, v) -> {
      if (BucketedMap.bucketOf(k) == n) bucket.put(k, v);
    });
    if (status == null) bucket.remove(cameraId);
    else bucket.put(cameraId, status);
    return s.withEntries(DataKeys.cameraStatus(cameraId).id(), bucket);
  }

  @Test
  void everyCameraIsInTheKeyOfItsBucketAndTheKeysAreDistinct() {
    assertEquals(BucketedMap.BUCKETS, DataKeys.CAMERA_STATUS_BUCKETS.size());
    Set<String> ids = new HashSet<>();
    for (var k : DataKeys.CAMERA_STATUS_BUCKETS) ids.add(k.id());
    assertEquals(BucketedMap.BUCKETS, ids.size());
    for (int i = 0; i < 1_000; i++) {
      String camera = "cam-" + i;
      String keyId = DataKeys.cameraStatus(camera).id();
      assertEquals(Optional.of(BucketedMap.bucketOf(camera)), DataKeys.cameraStatusBucket(keyId));
      assertTrue(keyId.startsWith("status-"), "runtime, not durable: " + keyId);
    }
    assertEquals(Optional.empty(), DataKeys.cameraStatusBucket("status-cameras-64"));
    assertEquals(Optional.empty(), DataKeys.cameraStatusBucket("status-cameras-x"));
    assertEquals(Optional.empty(), DataKeys.cameraStatusBucket("argus-cameras"));
  }

  @Test
  void aBucketsChangeKeepsEveryOtherCamerasStatus() {
    SystemState s = SystemState.EMPTY;
    for (int i = 0; i < 500; i++) s = put(s, "cam-" + i, recording("s1"));
    assertEquals(500, s.cameraStatus().size());

    SystemState before = s;
    s = put(s, "cam-7", recording("s2"));
    assertEquals("s2", s.cameraStatus().get("cam-7").serverId());
    assertEquals(500, s.cameraStatus().size());
    for (int i = 0; i < 500; i++) {
      if (i != 7) assertSame(before.cameraStatus().get("cam-" + i), s.cameraStatus().get("cam-" + i));
    }

    s = put(s, "cam-8", null);
    assertEquals(499, s.cameraStatus().size());
    assertNull(s.cameraStatus().get("cam-8"));
    assertFalse(s.cameraStatus().containsKey("cam-8"));
    assertEquals(499, s.cameraStatus().entrySet().stream().count(), "iteration sees every bucket");
    assertTrue(s.cameraStatus().containsKey("cam-9"));
  }

  @Test
  void theViewEqualsAPlainMapOfTheSameStatuses() {
    Map<String, CameraStatus> plain = new HashMap<>();
    SystemState s = SystemState.EMPTY;
    for (int i = 0; i < 200; i++) {
      plain.put("c" + i, recording("s" + (i % 3)));
      s = put(s, "c" + i, plain.get("c" + i));
    }
    assertEquals(plain, s.cameraStatus());
    assertEquals(s.cameraStatus(), plain);
    assertEquals(plain.hashCode(), s.cameraStatus().hashCode());
    assertEquals(plain, BucketedMap.of(plain));
  }

  @Test
  void anEntryInTheWrongBucketIsRefused() {
    String camera = "cam-1";
    int wrong = (BucketedMap.bucketOf(camera) + 1) % BucketedMap.BUCKETS;
    assertThrows(IllegalArgumentException.class,
        () -> BucketedMap.<CameraStatus>empty().withBucket(wrong, Map.of(camera, recording("s1"))));
  }
}

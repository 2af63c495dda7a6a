package io.argusvms.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.system.CameraConfig;
import io.argusvms.system.DataKeys;
import io.argusvms.system.FailoverPriority;
import io.argusvms.system.InMemorySystemStore;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.ServiceException;
import io.argusvms.system.SystemState;
import io.argusvms.system.SystemStore;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.junit.jupiter.api.Test;

/**
 * A camera homed on a server that registered a moment ago: this server's snapshot of the System
 * database follows its replica a little late, so the home is looked up in the replicated data
 * before the id is refused, and an id unknown there too is a 400 naming the field.
 */
class CameraServiceHomeTest {
  /** The replica has every write; the snapshot is the one taken before {@link #freeze}. */
  static final class LaggingStore implements SystemStore {
    final InMemorySystemStore replica = new InMemorySystemStore();
    SystemState frozen;

    void freeze() {
      frozen = replica.state();
    }

    @Override
    public SystemState state() {
      return frozen != null ? frozen : replica.state();
    }

    @Override
    public <V> CompletionStage<Done> put(Key<LWWMap<String, V>> key, String id, V value) {
      return replica.put(key, id, value);
    }

    @Override
    public <V> CompletionStage<Done> remove(Key<LWWMap<String, V>> key, String id) {
      return replica.remove(key, id);
    }

    @Override
    public <V> CompletionStage<Done> putAll(Key<LWWMap<String, V>> key, Map<String, V> values) {
      return replica.putAll(key, values);
    }

    @Override
    public <V> CompletionStage<Map<String, V>> readMajority(Key<LWWMap<String, V>> key) {
      return replica.readMajority(key);
    }

    @Override
    public <V> CompletionStage<Map<String, V>> readLocal(Key<LWWMap<String, V>> key) {
      return replica.readLocal(key);
    }

    @Override
    public <V> CompletionStage<Done> writeMajority(Key<LWWMap<String, V>> key, String id, V value) {
      return replica.writeMajority(key, id, value);
    }
  }

  private static CameraConfig homedOn(String server) {
    return new CameraConfig("cam", "cam", "demo://cam", null, null, server, FailoverPriority.MEDIUM, true);
  }

  @Test
  void aServerThatJustRegisteredIsAHomeBeforeTheSnapshotShowsIt() throws Exception {
    LaggingStore store = new LaggingStore();
    store.freeze();
    store.replica.put(DataKeys.SERVERS, "s2",
        new ServerInfo("s2", "Two", "http://127.0.0.1:7002", "pekko://argus@127.0.0.1:7012", true, 100, null));
    CameraService cameras = new CameraService(store, "s1");

    cameras.add(homedOn("s2")).toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertEquals("s2", store.replica.state().cameras().get("cam").homeServerId());
  }

  @Test
  void aServerKnownNowhereIsRefusedWithTheField() {
    LaggingStore store = new LaggingStore();
    CameraService cameras = new CameraService(store, "s1");

    ExecutionException e = assertThrows(ExecutionException.class,
        () -> cameras.add(homedOn("nobody")).toCompletableFuture().get(5, TimeUnit.SECONDS));

    ServiceException refused = assertInstanceOf(ServiceException.class, e.getCause());
    assertEquals(400, refused.status());
    assertTrue(refused.getMessage().contains("no server with id 'nobody'"), refused.getMessage());
    assertTrue(store.replica.state().cameras().isEmpty(), "nothing stored");
  }
}

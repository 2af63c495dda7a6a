package io.argusvms.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.DataKeys;
import io.argusvms.system.FailoverPriority;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.SystemDatabase;
import io.argusvms.system.SystemDatabaseListener;
import io.argusvms.system.SystemIdentity;
import io.argusvms.system.UserRecord;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge's checks and its undo, with this System a one-node cluster in this JVM and the other
 * System a fake HTTP server whose answers each test chooses. The fake speaks the sealed protocol
 * as a real server does: it checks the proof against its admin password, opens request bodies
 * (recorded in {@link #calls} as plaintext) and seals its answers.
 */
class SystemMergeTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static ActorSystem<Void> system;
  static SystemDatabase db;

  @TempDir Path temp;
  HttpServer remote;
  final Map<String, String[]> answers = new ConcurrentHashMap<>(); // "METHOD path" -> {status, body}
  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<List<String>> left = new CopyOnWriteArrayList<>();
  static final byte[] REMOTE_SALT = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  static final int REMOTE_ITERATIONS = 1000;
  volatile String remotePassword = "pw";
  volatile String remoteRole = "admin";
  final List<String> sealedOnTheWire = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    system = ActorSystem.create(Behaviors.setup(ctx -> {
      db = new SystemDatabase(ctx.getSystem());
      ctx.spawn(SystemDatabaseListener.create(db), "listener");
      return Behaviors.empty();
    }), "merge-test", ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.port = 0
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.loglevel = WARNING
        pekko.cluster.distributed-data.durable.keys = []
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.actor.serialization-bindings { "io.argusvms.system.CborSerializable" = jackson-cbor }
        """).withFallback(ConfigFactory.load()));
    Cluster.get(system).manager().tell(Join.create(Cluster.get(system).selfMember().address()));
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (db == null || Cluster.get(system).selfMember().status() != org.apache.pekko.cluster.MemberStatus.up()) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("no cluster");
      Thread.sleep(50);
    }
    db.put(DataKeys.IDENTITY, DataKeys.SINGLE, new SystemIdentity("sys-here", "Here")).toCompletableFuture().get(10, TimeUnit.SECONDS);
    db.put(DataKeys.USERS, "admin", new UserRecord("admin", "admin", "hash-here")).toCompletableFuture().get(10, TimeUnit.SECONDS);
    db.put(DataKeys.SECRET, DataKeys.SINGLE, new io.argusvms.system.SystemSecret("aGVyZS1zZWNyZXQ="))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    db.put(DataKeys.SERVERS, "srv-here", new ServerInfo("srv-here", "here", "http://127.0.0.1:1",
        "pekko://argus@127.0.0.1:7002", true, 10)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    awaitState(() -> db.state().identity().isPresent() && db.state().servers().containsKey("srv-here")
        && db.state().secret().isPresent());
  }

  @AfterAll
  static void stopCluster() {
    system.terminate();
  }

  @BeforeEach
  void startRemote() throws Exception {
    remote = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    remote.createContext("/", ex -> {
      String key = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String[] a = answers.getOrDefault(key, new String[] {"404", "{\"error\":\"not_found\",\"message\":\"no\"}"});
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (key.startsWith("GET /api/v1/system/join")) {
        a = new String[] {"200", JSON.createObjectNode().put("salt", java.util.Base64.getEncoder().encodeToString(REMOTE_SALT))
            .put("iterations", REMOTE_ITERATIONS).put("nonce", "nonce-1").toString()};
      } else if (key.contains("/internal/")) {
        byte[] storedKey = io.argusvms.system.PasswordHasher.storedKey(io.argusvms.system.PasswordHasher.clientKey(
            io.argusvms.system.PasswordHasher.derive(remotePassword, REMOTE_SALT, REMOTE_ITERATIONS)));
        var call = new io.argusvms.join.SealedSession.Call(ex.getRequestMethod(), ex.getRequestURI().getPath(),
            body.getBytes(StandardCharsets.UTF_8));
        var session = io.argusvms.join.SealedSession.parse(auth)
            .flatMap(c -> io.argusvms.join.SealedSession.verifyUser(c, call, storedKey));
        if (session.isEmpty()) {
          a = new String[] {"401", "{\"error\":\"unauthorized\",\"message\":\"Log in\"}"};
        } else if (!remoteRole.equals("admin")) {
          a = new String[] {"403", "{\"error\":\"forbidden\",\"message\":\"Only an administrator\"}"};
        } else {
          try {
            sealedOnTheWire.add(body);
            if (!body.isEmpty()) body = session.get().open(JSON.readTree(body));
          } catch (java.security.GeneralSecurityException e) {
            throw new java.io.IOException(e);
          }
          if (a[0].equals("200")) a = new String[] {"200", session.get().seal(a[1])};
        }
      }
      calls.add(key + " " + body);
      byte[] out = a[1].getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(Integer.parseInt(a[0]), out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    remote.start();
    answers.put("GET /api/v1/system/info", new String[] {"200", "{\"systemId\":\"sys-there\",\"name\":\"There\",\"version\":\"0.9.1\"}"});
    answers.put("GET /api/v1/internal/system/cluster-key", new String[] {"200", "{}"});
    SystemExport theirs = new SystemExport(new SystemIdentity("sys-there", "There"),
        Map.of("srv-there", new ServerInfo("srv-there", "there", "http://127.0.0.1:2", "pekko://argus@127.0.0.1:7012", true, 5)),
        Map.of("cam-there", new CameraConfig("cam-there", "gate", "demo://x", null, null, "srv-there", FailoverPriority.MEDIUM, true)),
        Map.of("admin", new UserRecord("admin", "admin", "hash-there"), "guard", new UserRecord("guard", "viewer", "hash-g")),
        "dGhlcmUtc2VjcmV0");
    answers.put("GET /api/v1/internal/system/export", new String[] {"200", theirs.toJson("0.9.1", 1).toString()});
  }

  @AfterEach
  void stopRemote() {
    remote.stop(0);
  }

  SystemMerge merge() {
    return new SystemMerge(db, "srv-here", "0.1.0", temp.resolve("backups"), java.util.Optional::empty,
        (seeds, key) -> left.add(seeds));
  }

  String url() {
    return "http://127.0.0.1:" + remote.getAddress().getPort();
  }

  @Test
  void theSameSystemIs409() {
    answers.put("GET /api/v1/system/info", new String[] {"200", "{\"systemId\":\"sys-here\",\"name\":\"Here\",\"version\":\"0.1.0\"}"});
    assertEquals(409, fail(true).status());
  }

  @Test
  void anotherMajorVersionIs422() {
    answers.put("GET /api/v1/system/info", new String[] {"200", "{\"systemId\":\"sys-there\",\"name\":\"There\",\"version\":\"1.0.0\"}"});
    assertEquals(422, fail(true).status());
  }

  @Test
  void wrongCredentialsAre401AndAViewerIsNotEnough() {
    remotePassword = "another";
    assertEquals(401, fail(true).status());
    remotePassword = "pw";
    remoteRole = "viewer";
    MergeException viewer = fail(true);
    assertEquals(401, viewer.status());
    assertTrue(viewer.getMessage().contains("not an administrator"), viewer.getMessage());
  }

  @Test
  void nothingSecretCrossesTheWireInClear() throws Exception {
    answers.put("POST /api/v1/internal/system/leave", new String[] {"202", "{\"status\":\"leaving\"}"});
    merge().merge(url(), "admin", "pw", true);
    assertTrue(sealedOnTheWire.stream().anyMatch(b -> b.startsWith("{\"sealed\":")), sealedOnTheWire.toString());
    for (String wire : sealedOnTheWire) assertFalse(wire.contains("seeds") || wire.contains("sys-there"), wire);
    String leave = calls.stream().filter(c -> c.startsWith("POST /api/v1/internal/system/leave")).findFirst().orElseThrow();
    assertTrue(leave.contains("127.0.0.1:7002"), "opened by the other side: " + leave);
    cleanUp();
  }

  @Test
  void anUnreachableSystemIs503() {
    remote.stop(0);
    assertEquals(503, fail(true).status());
  }

  @Test
  void whenTheOtherSideDoesNotSwitchTheImportIsUndone() throws Exception {
    answers.put("POST /api/v1/internal/system/leave", new String[] {"500", "{\"error\":\"internal_error\",\"message\":\"boom\"}"});
    MergeException e = fail(true);
    assertEquals("merge_failed", e.code());
    // Its status and error code, never its text (a merge URL must not read other servers' answers).
    assertTrue(e.getMessage().contains("500 (internal_error)") && !e.getMessage().contains("boom"), e.getMessage());
    awaitState(() -> !db.state().cameras().containsKey("cam-there") && !db.state().servers().containsKey("srv-there")
        && !db.state().users().containsKey("guard"));
    assertEquals("hash-here", db.state().users().get("admin").passwordHash());
    assertTrue(left.isEmpty());
    try (var files = Files.list(temp.resolve("backups"))) {
      assertEquals(2, files.count(), "both databases were backed up first");
    }
  }

  @Test
  void keepThisImportsTheirServersCamerasAndFreeUserNamesThenTellsThemToLeave() throws Exception {
    answers.put("POST /api/v1/internal/system/leave", new String[] {"202", "{\"status\":\"leaving\"}"});
    MergeOutcome o = merge().merge(url(), "admin", "pw", true);
    assertEquals("sys-here", o.systemId());
    assertEquals(List.of("admin"), o.usersSkipped());
    assertEquals(1, o.camerasAdded());
    awaitState(() -> db.state().cameras().containsKey("cam-there") && db.state().users().containsKey("guard"));
    assertEquals("srv-there", db.state().cameras().get("cam-there").homeServerId());
    assertEquals("hash-here", db.state().users().get("admin").passwordHash(), "our admin password holds");
    assertTrue(db.state().users().containsKey("guard"));
    String leave = calls.stream().filter(c -> c.startsWith("POST /api/v1/internal/system/leave")).findFirst().orElseThrow();
    JsonNode body = JSON.readTree(leave.substring(leave.indexOf('{')));
    assertEquals("sys-there", body.get("systemId").asText());
    assertEquals("127.0.0.1:7002", body.get("seeds").get(0).asText());
    assertTrue(left.isEmpty(), "this server stays");
    cleanUp();
  }

  /** Removes what a successful keep=this merge imported, for the other tests. */
  private void cleanUp() throws Exception {
    awaitState(() -> db.state().users().containsKey("guard"));
    db.remove(DataKeys.CAMERAS, "cam-there").toCompletableFuture().get(5, TimeUnit.SECONDS);
    db.remove(DataKeys.SERVERS, "srv-there").toCompletableFuture().get(5, TimeUnit.SECONDS);
    db.remove(DataKeys.USERS, "guard").toCompletableFuture().get(5, TimeUnit.SECONDS);
    awaitState(() -> !db.state().users().containsKey("guard"));
  }

  @Test
  void keepRemoteHandsOurDataOverThenThisServerLeaves() {
    answers.put("GET /api/v1/internal/system/cluster-key", new String[] {"200", "{}"});
    answers.put("POST /api/v1/internal/system/import", new String[] {"200", "{\"serversAdded\":1,\"camerasAdded\":0,\"usersAdded\":0,\"usersSkipped\":[\"admin\"]}"});
    MergeOutcome o = merge().merge(url(), "admin", "pw", false);
    assertEquals("sys-there", o.systemId());
    assertEquals(List.of(List.of("127.0.0.1:7012")), left);
    assertTrue(calls.stream().anyMatch(c -> c.startsWith("POST /api/v1/internal/system/import") && c.contains("sys-here")));
  }

  @Test
  void aFailedImportOnTheOtherSideChangesNothingHere() {
    answers.put("GET /api/v1/internal/system/cluster-key", new String[] {"200", "{}"});
    answers.put("POST /api/v1/internal/system/import", new String[] {"503", "{\"error\":\"x\",\"message\":\"no majority\"}"});
    assertEquals(503, fail(false).status());
    assertTrue(left.isEmpty());
    assertFalse(db.state().cameras().containsKey("cam-there"));
  }

  private MergeException fail(boolean keepThis) {
    return assertThrows(MergeException.class, () -> merge().merge(url(), "admin", "pw", keepThis));
  }

  private static void awaitState(java.util.function.BooleanSupplier cond) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out: " + db.state());
      Thread.sleep(50);
    }
  }
}

package io.argusvms.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.PoisonPill;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.AbstractPersistentActor;
import org.apache.pekko.persistence.DeleteMessagesSuccess;
import org.apache.pekko.persistence.RecoveryCompleted;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
import org.apache.pekko.persistence.SnapshotOffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The journal and snapshot store on Distributed Data, in a real cluster of three servers (three
 * actor systems in one JVM): a persistent actor writes on one server and recovers on another, with
 * a ring far smaller than the default so that it wraps, and chunks far smaller so that a snapshot
 * spans many. The last test crashes the writer's server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedJournalClusterTest {
  static final int BUCKET_SIZE = 4;
  static final int BUCKETS = 6;
  static final Map<String, ActorSystem> servers = new LinkedHashMap<>();

  static Config config() {
    return ConfigFactory.parseString("""
            pekko.remote.artery.canonical.hostname = 127.0.0.1
            pekko.remote.artery.canonical.port = 0
            pekko.loglevel = WARNING
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.coordinated-shutdown.run-by-actor-system-terminate = off
            pekko.cluster.run-coordinated-shutdown-when-down = off
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.cluster.sharding.state-store-mode = persistence
            pekko.cluster.sharding.journal-plugin-id = "argus.replicated-journal"
            pekko.cluster.sharding.snapshot-plugin-id = "argus.replicated-snapshot-store"
            pekko.persistence.journal.plugin = "argus.replicated-journal"
            pekko.persistence.snapshot-store.plugin = "argus.replicated-snapshot-store"
            argus.replicated-journal.bucket-size = %d
            argus.replicated-journal.buckets = %d
            argus.replicated-snapshot-store.chunk-size = 100B
            """.formatted(BUCKET_SIZE, BUCKETS))
        .withFallback(ConfigFactory.parseFile(new File("conf/application.conf")))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  @BeforeAll
  static void formCluster() throws Exception {
    for (String id : List.of("A", "B", "C")) servers.put(id, ActorSystem.create("journal", config()));
    var first = Cluster.get(servers.get("A")).selfAddress();
    for (ActorSystem s : servers.values()) Cluster.get(s).join(first);
    await("three members up", Duration.ofSeconds(30), () -> servers.values().stream().allMatch(s ->
        Cluster.get(s).state().members().size() == 3 && Cluster.get(s).selfMember().status() == MemberStatus.up()));
    for (ActorSystem s : servers.values()) assertTrue(JournalReplicator.startIfUsed(s), "the config uses the journal");
  }

  @AfterAll
  static void stop() throws Exception {
    for (ActorSystem s : servers.values()) s.terminate();
    for (ActorSystem s : servers.values()) s.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static void await(String what, Duration within, java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within " + within + ": " + what);
      Thread.sleep(100);
    }
  }

  /** What a {@link Log} has: its entries, where its recovery began, the last number it used. */
  record Contents(List<String> entries, long snapshotAt, long lastSequenceNr) {}

  record Append(String entry) {}

  record Get() {}

  /**
   * Appends entries, one event each; with {@code snapshotEvery} > 0 it saves its entries (one string
   * of lines) as a snapshot every so many events and then deletes the events the snapshot covers, as the shard
   * coordinator does.
   */
  static final class Log extends AbstractPersistentActor {
    private final String id;
    private final int snapshotEvery;
    private final List<String> entries = new ArrayList<>();
    private long snapshotAt;

    Log(String id, int snapshotEvery) {
      this.id = id;
      this.snapshotEvery = snapshotEvery;
    }

    @Override
    public String persistenceId() {
      return id;
    }

    @Override
    public Receive createReceiveRecover() {
      return receiveBuilder()
          .match(SnapshotOffer.class, offer -> {
            entries.clear();
            entries.addAll(List.of(((String) offer.snapshot()).split("\n")));
            snapshotAt = offer.metadata().sequenceNr();
          })
          .match(String.class, entries::add)
          .match(RecoveryCompleted.class, done -> { })
          .build();
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(Append.class, a -> persist(a.entry(), e -> {
            entries.add(e);
            if (snapshotEvery > 0 && lastSequenceNr() % snapshotEvery == 0) saveSnapshot(String.join("\n", entries));
            getSender().tell(lastSequenceNr(), getSelf());
          }))
          .match(SaveSnapshotSuccess.class, ok -> deleteMessages(ok.metadata().sequenceNr()))
          .match(DeleteMessagesSuccess.class, ok -> { })
          .match(Get.class, g -> getSender().tell(new Contents(List.copyOf(entries), snapshotAt, lastSequenceNr()),
              getSelf()))
          .build();
    }
  }

  static ActorRef start(String server, String id, int snapshotEvery) {
    return servers.get(server).actorOf(Props.create(Log.class, () -> new Log(id, snapshotEvery)));
  }

  static Object ask(ActorRef log, Object message) throws Exception {
    return Patterns.ask(log, message, Duration.ofSeconds(15)).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** Stops a log and waits until it has, so that the next one with its id recovers after it. */
  static void stop(ActorRef log) throws Exception {
    Patterns.gracefulStop(log, Duration.ofSeconds(10), PoisonPill.getInstance()).toCompletableFuture()
        .get(15, TimeUnit.SECONDS);
  }

  static List<String> numbered(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> "entry " + i).toList();
  }

  @Test
  @Order(1)
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void eventsAndAChunkedSnapshotRecoverOnAnotherServerAfterTheRingWrapped() throws Exception {
    int events = (int) new JournalRing(BUCKET_SIZE, BUCKETS).capacity() * 3 + 3; // three laps and a bit
    ActorRef onA = start("A", "wrapping", 10);
    for (String e : numbered(1, events)) ask(onA, new Append(e));
    stop(onA);

    Contents onB = (Contents) ask(start("B", "wrapping", 10), new Get());
    assertEquals(numbered(1, events), onB.entries());
    assertEquals(events, onB.lastSequenceNr());
    // The last snapshot (at 70) is several 100-byte chunks; the events after it replay.
    assertEquals(events / 10 * 10, onB.snapshotAt(), "recovery began from the last snapshot");
  }

  @Test
  @Order(2)
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aFullRingGrowsItsBucketsAndLosesNoEvent() throws Exception {
    // No snapshot, so nothing is ever deleted: past the ring's capacity each bucket holds two laps.
    int events = (int) new JournalRing(BUCKET_SIZE, BUCKETS).capacity() * 2 + 1;
    ActorRef onB = start("B", "never-snapshots", 0);
    for (int i = 1; i <= events; i++) assertEquals((long) i, ask(onB, new Append("entry " + i)));
    stop(onB);

    Contents onC = (Contents) ask(start("C", "never-snapshots", 0), new Get());
    assertEquals(numbered(1, events), onC.entries());
    assertEquals(0, onC.snapshotAt());
  }

  @Test
  @Order(3)
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void whatAServerAcknowledgedSurvivesItsCrash() throws Exception {
    ActorRef onA = start("A", "crashing", 10);
    for (String e : numbered(1, 15)) ask(onA, new Append(e));
    // A crashes: its actor system stops without leaving the cluster; B downs it as an operator or
    // the split-brain resolver would.
    ActorSystem a = servers.get("A");
    var address = Cluster.get(a).selfAddress();
    a.terminate();
    a.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    Cluster.get(servers.get("B")).down(address);
    await("A removed", Duration.ofSeconds(30), () -> Cluster.get(servers.get("C")).state().members().size() == 2);

    ActorRef onC = start("C", "crashing", 10);
    assertEquals(numbered(1, 15), ((Contents) ask(onC, new Get())).entries());
    // Two servers left: a majority is both, and the journal still takes writes.
    assertEquals(16L, ask(onC, new Append("entry 16")));
    stop(onC);
    assertEquals(numbered(1, 16), ((Contents) ask(start("B", "crashing", 10), new Get())).entries());
  }
}

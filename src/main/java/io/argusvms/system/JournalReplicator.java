package io.argusvms.system;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.ReplicatedData;
import org.apache.pekko.cluster.ddata.Replicator;
import org.apache.pekko.cluster.ddata.ReplicatorSettings;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.pattern.Patterns;

/**
 * The Distributed Data replicator that {@link ReplicatedJournal} and {@link ReplicatedSnapshotStore}
 * keep their entries in, one per server. Its own replicator, apart from the System database's: its
 * keys are never kept on disk (the shard coordinator's state is rebuilt when the whole System
 * restarts), and its gossip does not delay the database's. It must run on every server, not only
 * where the coordinator is, or the majority it writes to would be missing: {@link #startIfUsed}
 * starts it with camera sharding.
 */
public final class JournalReplicator implements Extension {
  /** The configuration section of the journal plugin (its id in pekko.persistence.journal.plugin). */
  public static final String JOURNAL_PLUGIN = "argus.replicated-journal";
  public static final String SNAPSHOT_PLUGIN = "argus.replicated-snapshot-store";

  private static final Id ID = new Id();

  private final ActorRef replicator;
  private final SelfUniqueAddress self;
  private final Duration majorityTimeout;
  private final JournalRing ring;
  private final int chunkBytes;

  private JournalReplicator(ExtendedActorSystem system) {
    Config all = system.settings().config();
    Config c = all.getConfig(JOURNAL_PLUGIN);
    Config dd = c.getConfig("distributed-data").withFallback(all.getConfig("pekko.cluster.distributed-data"));
    this.replicator = system.systemActorOf(Replicator.props(ReplicatorSettings.apply(dd)), "argusJournalReplicator");
    this.self = new SelfUniqueAddress(Cluster.get(system).selfUniqueAddress());
    this.majorityTimeout = c.getDuration("majority-timeout");
    this.ring = new JournalRing(c.getInt("bucket-size"), c.getInt("buckets"));
    this.chunkBytes = all.getConfig(SNAPSHOT_PLUGIN).getBytes("chunk-size").intValue();
  }

  public static JournalReplicator get(ActorSystem system) {
    return ID.get(system);
  }

  /**
   * Starts this server's replicator if the shard coordinator keeps its state in this journal, so
   * that every server is part of the majority its writes need.
   */
  public static boolean startIfUsed(ActorSystem system) {
    Config c = system.settings().config();
    boolean used = c.getString("pekko.cluster.sharding.state-store-mode").equals("persistence")
        && JOURNAL_PLUGIN.equals(coordinatorPlugin(c, "journal-plugin-id", "pekko.persistence.journal.plugin"));
    if (used) get(system);
    return used;
  }

  private static String coordinatorPlugin(Config c, String shardingPath, String defaultPath) {
    String own = c.getString("pekko.cluster.sharding." + shardingPath);
    return own.isEmpty() ? c.getString(defaultPath) : own;
  }

  SelfUniqueAddress self() {
    return self;
  }

  JournalRing ring() {
    return ring;
  }

  int chunkBytes() {
    return chunkBytes;
  }

  Replicator.ReadConsistency readMajority() {
    return new Replicator.ReadMajority(majorityTimeout);
  }

  Replicator.WriteConsistency writeMajority() {
    return new Replicator.WriteMajority(majorityTimeout);
  }

  /** The value of a key as a majority of servers has it; empty if none has it. */
  @SuppressWarnings("unchecked")
  <T extends ReplicatedData> CompletionStage<Optional<T>> read(Key<T> key) {
    return Patterns.ask(replicator, new Replicator.Get<>(key, readMajority()), majorityTimeout.plusSeconds(1))
        .thenApply(reply -> {
          if (reply instanceof Replicator.GetSuccess<?> ok) return Optional.of(((Replicator.GetSuccess<T>) ok).get(key));
          if (reply instanceof Replicator.NotFound<?>) return Optional.empty();
          throw new IllegalStateException("reading " + key.id() + " from a majority of servers: " + reply);
        });
  }

  /** Changes a key's value and completes once a majority of servers has the change. */
  <T extends ReplicatedData> CompletionStage<Void> write(Key<T> key, T initial, Function<T, T> change) {
    return Patterns.ask(replicator, new Replicator.Update<>(key, initial, writeMajority(), change::apply),
            majorityTimeout.plusSeconds(1))
        .thenApply(reply -> {
          if (reply instanceof Replicator.UpdateSuccess<?>) return null;
          if (reply instanceof Replicator.ModifyFailure<?> refused) throw refused.cause() instanceof RuntimeException r
              ? r : new IllegalStateException(refused.errorMessage(), refused.cause());
          throw new IllegalStateException("writing " + key.id() + " to a majority of servers: " + reply);
        });
  }

  private static final class Id extends AbstractExtensionId<JournalReplicator> {
    @Override
    public JournalReplicator createExtension(ExtendedActorSystem system) {
      return new JournalReplicator(system);
    }
  }
}

package io.argusvms.membership;

import io.argusvms.system.DataKeys;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.SystemBootstrap;
import io.argusvms.system.SystemDatabase;
import io.argusvms.system.SystemIdentity;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Puts this server into its System once its cluster is up: creates the System on its very first
 * start (alone, empty database, allowed to create one), then registers this server. A busy or
 * still-joining server may time out: it tries again until this server is registered.
 */
public final class ServerRegistration {
  private static final Duration RETRY = Duration.ofSeconds(2);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private ServerRegistration() {}

  public static void registerUntilDone(ActorSystem<?> system, SystemDatabase db, NodeSettings settings, ServerInfo self) {
    register(system, db, settings, self).whenComplete((d, err) -> {
      if (err == null || system.whenTerminated().isCompleted()) return;
      system.log().warn("could not register this server in the System yet ({}); trying again", err.getMessage());
      system.scheduler().scheduleOnce(RETRY, () -> registerUntilDone(system, db, settings, self),
          system.executionContext());
    });
  }

  /** The replicator answers only after its durable copy is loaded, so "not found" means new. */
  private static CompletionStage<Done> register(ActorSystem<?> system, SystemDatabase db, NodeSettings settings,
      ServerInfo self) {
    CompletionStage<Optional<SystemIdentity>> identity = selfUp(system)
        .thenCompose(up -> getLocal(system, db, DataKeys.IDENTITY))
        .thenApply(m -> m.flatMap(map -> Optional.ofNullable(map.getEntries().get(DataKeys.SINGLE))));
    return identity.thenCompose(id -> {
      // Only a server that formed a cluster of its own creates a System; one that joined others
      // receives theirs by gossip (creating one there would replace the System's identity).
      boolean alone = Cluster.get(system).state().members().size() == 1;
      if (id.isEmpty() && alone && settings.mayCreateSystem()) {
        return SystemBootstrap.createSystem(db, settings.name() + " System", self.id(), settings.adminPassword(),
            settings.demoCamera());
      }
      if (id.isPresent() && !settings.adminPassword().isBlank()) {
        system.log().info("System {} exists: --admin-password is ignored (change it through the API)", id.get().name());
      }
      return CompletableFuture.completedFuture(Done.getInstance());
    }).thenCompose(d -> getLocal(system, db, DataKeys.SERVERS))
        .thenCompose(servers -> SystemBootstrap.registerServer(db, self,
            servers.flatMap(m -> Optional.ofNullable(m.getEntries().get(self.id())))));
  }

  /** Completes when this server is Up in its cluster. */
  private static CompletionStage<Done> selfUp(ActorSystem<?> system) {
    CompletableFuture<Done> up = new CompletableFuture<>();
    pollUp(system, up);
    return up;
  }

  private static void pollUp(ActorSystem<?> system, CompletableFuture<Done> up) {
    if (Cluster.get(system).selfMember().status() == MemberStatus.up()) {
      up.complete(Done.getInstance());
    } else if (!system.whenTerminated().isCompleted()) {
      system.scheduler().scheduleOnce(Duration.ofMillis(100), () -> pollUp(system, up), system.executionContext());
    }
  }

  private static <V> CompletionStage<Optional<LWWMap<String, V>>> getLocal(
      ActorSystem<?> system, SystemDatabase db, Key<LWWMap<String, V>> key) {
    CompletionStage<Replicator.GetResponse<LWWMap<String, V>>> reply = AskPattern.ask(db.replicatorRef(),
        replyTo -> new Replicator.Get<>(key, Replicator.readLocal(), replyTo), READ_TIMEOUT, system.scheduler());
    return reply.thenApply(r -> r instanceof Replicator.GetSuccess<LWWMap<String, V>> ok
        ? Optional.of(ok.get(key)) : Optional.empty());
  }
}

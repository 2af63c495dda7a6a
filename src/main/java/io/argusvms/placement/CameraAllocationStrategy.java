package io.argusvms.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import org.apache.pekko.dispatch.Futures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Thin Pekko adapter around {@link PlacementPolicy}: translates region refs to server ids and back
 * and answers with completed futures (so the coordinator applies decisions one at a time and
 * capacity is never oversubscribed). A failed future means "no server may host this camera now";
 * the region asks again every retry-interval. Runs only inside the coordinator singleton.
 */
public final class CameraAllocationStrategy extends ShardCoordinator.AbstractShardAllocationStrategy {
  private static final Logger log = LoggerFactory.getLogger(CameraAllocationStrategy.class);

  /** Server id for a cluster address (as Address.toString()), from the System database. */
  public interface ServerDirectory {
    Optional<String> serverIdAt(String clusterAddress);
  }

  private final Supplier<PlacementSnapshot> snapshots;
  private final ServerDirectory directory;
  private final Cluster cluster;
  /** Cameras asked for before this server's snapshot knew them: since when (epoch ms). */
  private final Map<String, Long> unknownSince = new ConcurrentHashMap<>();

  public CameraAllocationStrategy(Supplier<PlacementSnapshot> snapshots, ServerDirectory directory, Cluster cluster) {
    this.snapshots = snapshots;
    this.directory = directory;
    this.cluster = cluster;
  }

  @Override
  public Future<ActorRef> allocateShard(ActorRef requester, String shardId, Map<ActorRef, IndexedSeq<String>> current) {
    Map<String, ActorRef> regions = new HashMap<>();
    Map<String, List<String>> allocations = allocations(current, regions);
    PlacementSnapshot snapshot = snapshots.get();
    long unknownForMs = 0;
    if (snapshot.cameras().containsKey(shardId)) {
      unknownSince.remove(shardId);
    } else {
      long now = System.currentTimeMillis();
      unknownForMs = now - unknownSince.computeIfAbsent(shardId, id -> now);
    }
    Optional<String> server = PlacementPolicy.allocate(shardId, snapshot, allocations, unknownForMs);
    Optional<ActorRef> region = server.map(regions::get);
    if (region.isPresent()) {
      unknownSince.remove(shardId);
      log.debug("camera {} placed on server {}", shardId, server.get());
      PlacementMetrics.decisions.increment();
      return Futures.successful(region.get());
    }
    PlacementMetrics.refusals.increment();
    return Futures.failed(new NoServerForCamera(shardId));
  }

  @Override
  public Future<Set<String>> rebalance(Map<ActorRef, IndexedSeq<String>> current, Set<String> inProgress) {
    if (!clusterIsSettled()) return Futures.successful(Set.of());
    Map<String, List<String>> allocations = allocations(current, new HashMap<>());
    Set<String> moves = PlacementPolicy.rebalance(snapshots.get(), allocations, inProgress);
    if (!moves.isEmpty()) log.info("moving cameras {}", moves);
    PlacementMetrics.moves.add(moves.size());
    return Futures.successful(moves);
  }

  /** Rebalancing while a member is unreachable or joining would move cameras twice. */
  private boolean clusterIsSettled() {
    if (!cluster.state().getUnreachable().isEmpty()) return false;
    for (Member m : cluster.state().getMembers()) {
      if (m.status() != MemberStatus.up()) return false;
    }
    return true;
  }

  private Map<String, List<String>> allocations(Map<ActorRef, IndexedSeq<String>> current, Map<String, ActorRef> regions) {
    Map<String, List<String>> out = new HashMap<>();
    current.forEach((ref, shards) -> {
      Address address = ref.path().address();
      if (!address.hasGlobalScope()) address = cluster.selfAddress();
      directory.serverIdAt(address.toString()).ifPresent(serverId -> {
        regions.put(serverId, ref);
        out.put(serverId, new ArrayList<>(CollectionConverters.asJava(shards)));
      });
    });
    return out;
  }

  /** Why a camera got no server: not an error, the region retries. */
  static final class NoServerForCamera extends RuntimeException {
    NoServerForCamera(String cameraId) {
      super("no server may record camera " + cameraId + " now", null, false, false);
    }
  }
}

package io.argusvms.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
  /**
   * The allocations as of the last decision, kept up to date from the coordinator's: rebuilt when
   * the snapshot changes, else only the regions whose (immutable) shard list is another object
   * than last time are compared. So a burst of decisions (a lost server's cameras) costs
   * O(servers) each, not O(cameras).
   */
  private PlacementIndex index;
  private final Map<ActorRef, IndexedSeq<String>> indexed = new HashMap<>();
  private final Map<ActorRef, String> serverOfRegion = new HashMap<>();

  public CameraAllocationStrategy(Supplier<PlacementSnapshot> snapshots, ServerDirectory directory, Cluster cluster) {
    this.snapshots = snapshots;
    this.directory = directory;
    this.cluster = cluster;
  }

  @Override
  public Future<ActorRef> allocateShard(ActorRef requester, String shardId, Map<ActorRef, IndexedSeq<String>> current) {
    PlacementSnapshot snapshot = snapshots.get();
    Map<String, ActorRef> regions = new HashMap<>();
    PlacementIndex index = indexOf(snapshot, current, regions);
    long unknownForMs = 0;
    if (snapshot.cameras().containsKey(shardId)) {
      unknownSince.remove(shardId);
    } else {
      long now = System.currentTimeMillis();
      unknownForMs = now - unknownSince.computeIfAbsent(shardId, id -> now);
    }
    Optional<String> server = PlacementPolicy.allocate(shardId, index, unknownForMs);
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

  /** The index of the coordinator's current allocations (and each server's region, into regions). */
  private PlacementIndex indexOf(PlacementSnapshot snapshot, Map<ActorRef, IndexedSeq<String>> current,
      Map<String, ActorRef> regions) {
    if (index == null || index.snapshot() != snapshot) {
      serverOfRegion.keySet().retainAll(current.keySet());
      index = new PlacementIndex(snapshot, allocations(current, regions));
      indexed.clear();
      current.forEach((ref, shards) -> {
        if (serverOf(ref) != null) indexed.put(ref, shards);
      });
      return index;
    }
    for (Map.Entry<ActorRef, IndexedSeq<String>> e : current.entrySet()) {
      String serverId = serverOf(e.getKey());
      if (serverId == null) continue;
      regions.put(serverId, e.getKey());
      IndexedSeq<String> before = indexed.put(e.getKey(), e.getValue());
      if (before != e.getValue()) changed(serverId, before, e.getValue());
    }
    indexed.entrySet().removeIf(e -> {
      if (current.containsKey(e.getKey())) return false;
      changed(serverOfRegion.remove(e.getKey()), e.getValue(), null); // the region is gone
      return true;
    });
    return index;
  }

  private void changed(String serverId, IndexedSeq<String> before, IndexedSeq<String> after) {
    Set<String> was = before == null ? Set.of() : new HashSet<>(CollectionConverters.asJava(before));
    Set<String> is = after == null ? Set.of() : new HashSet<>(CollectionConverters.asJava(after));
    for (String c : was) if (!is.contains(c)) index.removed(c, serverId);
    for (String c : is) if (!was.contains(c)) index.placed(c, serverId);
  }

  /** The server of a region (cached: a region's ref is one incarnation of one server), or null. */
  private String serverOf(ActorRef ref) {
    String known = serverOfRegion.get(ref);
    if (known != null) return known;
    Address address = ref.path().address();
    if (!address.hasGlobalScope()) address = cluster.selfAddress();
    String serverId = directory.serverIdAt(address.toString()).orElse(null);
    if (serverId != null) serverOfRegion.put(ref, serverId);
    return serverId;
  }

  private Map<String, List<String>> allocations(Map<ActorRef, IndexedSeq<String>> current, Map<String, ActorRef> regions) {
    Map<String, List<String>> out = new HashMap<>();
    current.forEach((ref, shards) -> {
      String serverId = serverOf(ref);
      if (serverId == null) return;
      regions.put(serverId, ref);
      out.put(serverId, new ArrayList<>(CollectionConverters.asJava(shards)));
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

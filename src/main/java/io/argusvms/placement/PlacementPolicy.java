package io.argusvms.placement;

import io.argusvms.placement.PlacementSnapshot.Camera;
import io.argusvms.placement.PlacementSnapshot.Server;
import io.argusvms.system.FailoverPriority;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Decides which server records which camera. Pure: a snapshot and the current allocation in, a
 * decision out; no I/O, no clock. A decision on a {@link PlacementIndex} the caller keeps is
 * O(servers); rebalance is O(servers + cameras).
 *
 * <p>Rules:
 * <ol>
 *   <li>A camera goes to its home server when the home is online, its storage is writable and it
 *       has room (its own cameras always fit before taken-over ones: see rebalance).
 *   <li>Otherwise (home gone) it fails over to an online, writable server with failover enabled,
 *       that reaches the camera and has room besides what it keeps for its own waiting cameras
 *       (see reserved): the camera's warm standby first (it records from
 *       its buffer, {@link StandbyPolicy}), else the least loaded. NEVER cameras do not fail over.
 *   <li>Priority: a failover allocation of priority p is refused while the free failover room is
 *       needed by waiting (unplaced) cameras of a higher priority; so High is placed before
 *       Medium, and Medium before Low, whatever order the regions ask in.
 *   <li>Rebalance: a camera away from home goes home as soon as the home can take it (failback);
 *       a camera on a server that lost its storage or left the System moves; and when a waiting
 *       camera cannot be placed for lack of room, the lowest-priority camera that was taken over
 *       (never a server's own home camera) of a strictly lower priority gives way.
 * </ol>
 */
public final class PlacementPolicy {
  private PlacementPolicy() {}

  /**
   * @param allocations current cameras per server id (servers absent = none)
   * @return the server to record it, or empty when no server may host it now (the caller asks
   *     again later)
   */
  public static Optional<String> allocate(String cameraId, PlacementSnapshot snapshot, Map<String, List<String>> allocations) {
    return allocate(cameraId, snapshot, allocations, Long.MAX_VALUE);
  }

  /**
   * How long a camera this server's snapshot does not know is taken for a new one whose
   * configuration is still on its way by gossip (it waits, so that it starts at home), before it
   * is taken for a removed one (placed anywhere: its entity stops itself).
   */
  public static final long UNKNOWN_CAMERA_GRACE_MS = 5_000;

  /** @param unknownForMs how long the caller has been asked for this camera without knowing it */
  public static Optional<String> allocate(String cameraId, PlacementSnapshot snapshot, Map<String, List<String>> allocations,
      long unknownForMs) {
    return allocate(cameraId, new PlacementIndex(snapshot, allocations), unknownForMs);
  }

  /**
   * As {@link #allocate(String, PlacementSnapshot, Map, long)}, on an index of the allocations the
   * caller keeps up to date: O(servers) per decision instead of O(cameras).
   */
  public static Optional<String> allocate(String cameraId, PlacementIndex index, long unknownForMs) {
    PlacementSnapshot snapshot = index.snapshot();
    Camera camera = snapshot.cameras().get(cameraId);
    if (camera == null) {
      if (unknownForMs < UNKNOWN_CAMERA_GRACE_MS) return Optional.empty();
      return snapshot.servers().values().stream().filter(Server::canHost).min(byLoad(index::load)).map(Server::id);
    }
    Server home = snapshot.servers().get(camera.homeServerId());
    boolean homeUp = home != null && home.online();
    boolean homeHasRoom = homeUp && index.load(home.id()) < home.maxCameras();
    if (homeUp && home.storageWritable()) {
      return homeHasRoom ? Optional.of(home.id()) : Optional.empty(); // full: rebalance frees room at home
    }
    if (camera.priority() != FailoverPriority.NEVER) {
      Optional<String> failover = failover(camera, snapshot, index);
      if (failover.isPresent()) return failover;
    }
    // Home is up but cannot write: nobody else may take the camera, so it stays home and its
    // status says why it does not record.
    return homeHasRoom ? Optional.of(home.id()) : Optional.empty();
  }

  private static Optional<String> failover(Camera camera, PlacementSnapshot snapshot, PlacementIndex index) {
    // One pass over the servers (a decision must stay O(servers) with few constants: a lost server's
    // thousand cameras are a thousand decisions in a row): the servers that may take over cameras
    // now (open), the free room of those that can take this one, its warm standby, the least loaded.
    List<Server> open = new ArrayList<>();
    int freeRoom = 0;
    Server standby = null;
    Server leastLoaded = null;
    double leastShare = 0;
    for (Server s : snapshot.servers().values()) {
      if (!s.canHost() || !s.failoverEnabled()) continue;
      int load = index.load(s.id());
      int room = s.maxCameras() - load - index.waitingAt(s.id()); // besides its own waiting cameras
      if (room <= 0) continue;
      open.add(s);
      if (!canTake(s, camera)) continue;
      freeRoom += room;
      if (s.id().equals(camera.warmStandbyServerId())) standby = s;
      double share = (double) load / Math.max(1, s.maxCameras());
      if (leastLoaded == null || share < leastShare || share == leastShare && s.id().compareTo(leastLoaded.id()) < 0) {
        leastLoaded = s;
        leastShare = share;
      }
    }
    if (leastLoaded == null) return Optional.empty();
    if (higherWaitingAtLeast(camera.priority(), freeRoom, open, index)) return Optional.empty();
    return Optional.of((standby != null ? standby : leastLoaded).id());
  }

  /**
   * Whether at least {@code room} waiting cameras of a higher priority than {@code p} need the
   * failover room (their home cannot host them and an open server could take them). Counted only as
   * far as needed: when fewer such cameras wait at all, none is looked at.
   */
  private static boolean higherWaitingAtLeast(FailoverPriority p, int room, List<Server> open, PlacementIndex index) {
    int bound = 0;
    for (FailoverPriority higher : FailoverPriority.values()) {
      if (higher.ordinal() >= p.ordinal()) break;
      bound += index.waitingHomeless(higher).size();
    }
    if (bound < room) return false;
    int count = 0;
    for (FailoverPriority higher : FailoverPriority.values()) {
      if (higher.ordinal() >= p.ordinal()) break;
      for (Camera c : index.waitingHomeless(higher)) {
        if (open.stream().anyMatch(s -> canTake(s, c)) && ++count >= room) return true;
      }
    }
    return false;
  }

  /** A server that may take over cameras can take this one: it reaches it and is not its home. */
  private static boolean canTake(Server s, Camera c) {
    return s.reaches(c.id()) && !s.id().equals(c.homeServerId());
  }

  /** Cameras to stop where they are now so that {@link #allocate} places them anew. */
  public static Set<String> rebalance(PlacementSnapshot snapshot, Map<String, List<String>> allocations, Set<String> inProgress) {
    Set<String> moves = new HashSet<>();
    Map<String, Integer> reserved = reserved(snapshot, allocations);
    Map<String, Integer> loads = new HashMap<>();
    allocations.forEach((server, cams) -> loads.put(server, cams.size()));
    // Failback and storage loss.
    allocations.forEach((serverId, cams) -> {
      Server current = snapshot.servers().get(serverId);
      for (String camId : cams) {
        if (inProgress.contains(camId)) continue;
        Camera cam = snapshot.cameras().get(camId);
        if (cam == null) continue;
        Server home = snapshot.servers().get(cam.homeServerId());
        boolean away = !cam.homeServerId().equals(serverId);
        if (away && home != null && home.canHost() && loads.getOrDefault(home.id(), 0) < home.maxCameras()) {
          moves.add(camId);
          loads.merge(home.id(), 1, Integer::sum);
        } else if (current != null && !current.storageWritable() && existsOther(cam, snapshot, allocations, reserved, serverId)) {
          moves.add(camId);
        }
      }
    });
    // A home camera that does not fit at its home because taken-over cameras fill it.
    for (Camera cam : waiting(snapshot, allocations)) {
      Server home = snapshot.servers().get(cam.homeServerId());
      if (home != null && home.canHost() && load(allocations, home.id()) >= home.maxCameras()) {
        evictOne(home.id(), allocations, snapshot, inProgress, moves, victim -> true);
      }
    }
    // Priority under pressure: a waiting camera with no room anywhere pushes out a lower one.
    for (Camera cam : waiting(snapshot, allocations).stream().sorted(Comparator.comparing(Camera::priority)).toList()) {
      Server home = snapshot.servers().get(cam.homeServerId());
      if (home != null && home.canHost()) continue;
      if (cam.priority() == FailoverPriority.NEVER) continue;
      if (!failoverCandidates(cam, snapshot, allocations, reserved).isEmpty()) continue;
      List<Server> full = snapshot.servers().values().stream()
          .filter(s -> s.canHost() && s.failoverEnabled() && s.reaches(cam.id()))
          .sorted(Comparator.comparing(Server::id))
          .toList();
      for (Server s : full) {
        if (evictOne(s.id(), allocations, snapshot, inProgress, moves,
            victim -> victim.priority().ordinal() > cam.priority().ordinal())) break;
      }
    }
    return moves;
  }

  /** Moves the lowest-priority eligible taken-over camera off a server; false if there is none. */
  private static boolean evictOne(String serverId, Map<String, List<String>> allocations, PlacementSnapshot snapshot,
      Set<String> inProgress, Set<String> moves, Predicate<Camera> eligible) {
    Optional<Camera> victim = allocations.getOrDefault(serverId, List.of()).stream()
        .filter(c -> !inProgress.contains(c) && !moves.contains(c))
        .map(c -> snapshot.cameras().get(c))
        .filter(c -> c != null && !c.homeServerId().equals(serverId))
        .filter(eligible)
        .max(Comparator.comparing(Camera::priority).thenComparing(Camera::id));
    victim.ifPresent(v -> moves.add(v.id()));
    return victim.isPresent();
  }

  private static boolean existsOther(Camera cam, PlacementSnapshot snapshot, Map<String, List<String>> allocations,
      Map<String, Integer> reserved, String except) {
    return failoverCandidates(cam, snapshot, allocations, reserved).stream().anyMatch(s -> !s.id().equals(except));
  }

  /**
   * Room each server keeps for its own cameras that wait to be placed there (home up and
   * writable): a taken-over camera never takes it, so a home camera always fits before it (else a
   * camera that gave way to one would be placed back into the room it freed, and again).
   */
  private static Map<String, Integer> reserved(PlacementSnapshot snapshot, Map<String, List<String>> allocations) {
    Map<String, Integer> reserved = new HashMap<>();
    for (Camera c : waiting(snapshot, allocations)) {
      Server home = snapshot.servers().get(c.homeServerId());
      if (home != null && home.canHost()) reserved.merge(home.id(), 1, Integer::sum);
    }
    return reserved;
  }

  /** Room left for cameras taken over from other servers. */
  private static int room(Server s, Map<String, List<String>> allocations, Map<String, Integer> reserved) {
    return s.maxCameras() - load(allocations, s.id()) - reserved.getOrDefault(s.id(), 0);
  }

  /** Enabled cameras no server records now. */
  static List<Camera> waiting(PlacementSnapshot snapshot, Map<String, List<String>> allocations) {
    Set<String> placed = new HashSet<>();
    allocations.values().forEach(placed::addAll);
    List<Camera> out = new ArrayList<>();
    for (Camera c : snapshot.cameras().values()) if (!placed.contains(c.id())) out.add(c);
    return out;
  }

  private static List<Server> failoverCandidates(Camera camera, PlacementSnapshot snapshot,
      Map<String, List<String>> allocations, Map<String, Integer> reserved) {
    return snapshot.servers().values().stream()
        .filter(s -> s.canHost() && s.failoverEnabled() && s.reaches(camera.id()))
        .filter(s -> !s.id().equals(camera.homeServerId()))
        .filter(s -> room(s, allocations, reserved) > 0)
        .toList();
  }

  private static Comparator<Server> byLoad(Map<String, List<String>> allocations) {
    return byLoad(id -> load(allocations, id));
  }

  private static Comparator<Server> byLoad(ToIntFunction<String> load) {
    return Comparator.<Server>comparingDouble(s -> (double) load.applyAsInt(s.id()) / Math.max(1, s.maxCameras()))
        .thenComparing(Server::id);
  }

  private static int load(Map<String, List<String>> allocations, String serverId) {
    List<String> cams = allocations.get(serverId);
    return cams == null ? 0 : cams.size();
  }
}

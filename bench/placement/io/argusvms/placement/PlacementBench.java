package io.argusvms.placement;

import io.argusvms.placement.PlacementSnapshot.Camera;
import io.argusvms.placement.PlacementSnapshot.Server;
import io.argusvms.system.FailoverPriority;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Placement at scale: the pure {@link PlacementPolicy} deciding a failover of one server's cameras
 * in a System of S servers with C cameras each, and the failback rebalance when it comes back.
 * A warmed-up System.nanoTime loop harness (no JMH): every iteration starts from a fresh copy of
 * the allocations, applies each decision as the coordinator does (one at a time), and times each
 * allocate call, the whole failover, and the rebalance calls. Bounded in iterations and seconds.
 *
 * <p>First as the coordinator decides now ({@link PlacementIndex} kept from decision to decision),
 * then as before it (every decision on allocations alone, an index built afresh each time).
 *
 * <p>It lives in package io.argusvms.placement (compiled into its own folder under target/) only
 * to time the package-private {@code PlacementPolicy.waiting}, the O(cameras) step of a decision.
 *
 * <p>Usage: java -cp target/bench-classes:target/classes:$(cat target/bench-classpath.txt)
 * io.argusvms.placement.PlacementBench SERVERS CAMERAS_PER_SERVER PRIORITIES(medium|mixed) [seconds]
 * [LOST_CAMERAS: cameras of the lost server, default CAMERAS_PER_SERVER] [SPARE: room per server
 * beyond its own cameras, default a quarter of them]
 */
public final class PlacementBench {

  public static void main(String[] args) {
    int servers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int perServer = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    boolean mixed = args.length > 2 && args[2].equals("mixed");
    double budgetS = args.length > 3 ? Double.parseDouble(args[3]) : 30;
    int lostCameras = args.length > 4 ? Integer.parseInt(args[4]) : perServer;
    int spare = args.length > 5 ? Integer.parseInt(args[5]) : Math.max(1, perServer / 4);
    int room = perServer + spare; // room for taken-over cameras

    Map<String, Camera> cameras = new LinkedHashMap<>();
    Map<String, List<String>> steady = new HashMap<>();
    FailoverPriority[] prios = {FailoverPriority.HIGH, FailoverPriority.MEDIUM, FailoverPriority.LOW};
    for (int s = 0; s < servers; s++) {
      String sid = String.format("server-%04d", s);
      List<String> own = new ArrayList<>();
      for (int c = 0; c < (s == 0 ? lostCameras : perServer); c++) {
        String cid = String.format("cam-%04d-%04d", s, c);
        FailoverPriority p = mixed ? prios[c % 3] : FailoverPriority.MEDIUM;
        cameras.put(cid, new Camera(cid, sid, p));
        own.add(cid);
      }
      steady.put(sid, own);
    }
    String lost = "server-0000";
    PlacementSnapshot down = snapshot(servers, room, lostCameras, cameras, lost);
    PlacementSnapshot up = snapshot(servers, room, lostCameras, cameras, null);
    List<String> orphans = steady.get(lost);

    System.out.printf("PlacementBench: %d servers x %d cameras = %d cameras (max %d per server: %d spare), priorities %s;"
        + " %s lost, its %d cameras re-placed (free failover room %d)%n", servers, perServer, cameras.size(), room,
        spare, mixed ? "mixed H/M/L" : "all medium", lost, orphans.size(), (servers - 1) * spare);
    System.out.printf("java %s, %d cpus; harness: warmed-up System.nanoTime loop (not JMH)%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

    // As the coordinator decides now: one index per snapshot, each decision applied to it.
    List<Long> indexBuilds = new ArrayList<>();
    List<Long> indexDecisions = new ArrayList<>();
    List<Long> indexFailovers = new ArrayList<>();
    long indexEnd = System.nanoTime() + (long) (budgetS * 0.4 * 1e9);
    for (int i = 0; i < 230 && System.nanoTime() < indexEnd; i++) {
      boolean measured = i >= 30; // the first 30: warm-up
      long t0 = System.nanoTime();
      Map<String, List<String>> alloc = withoutLost(steady, lost);
      PlacementIndex index = new PlacementIndex(down, alloc);
      long built = System.nanoTime();
      for (String cam : orphans) {
        long d0 = System.nanoTime();
        Optional<String> to = PlacementPolicy.allocate(cam, index, 0);
        if (measured) indexDecisions.add(System.nanoTime() - d0);
        check(to.isPresent() && !to.get().equals(lost), "camera " + cam + " placed");
        index.placed(cam, to.get());
      }
      if (measured) {
        indexBuilds.add(built - t0);
        indexFailovers.add(System.nanoTime() - built);
      }
    }
    System.out.printf("on a kept index (as CameraAllocationStrategy decides): %d failovers measured%n", indexFailovers.size());
    print("index built once per snapshot", indexBuilds);
    print("allocate, one decision", indexDecisions);
    print("failover, all " + orphans.size() + " decisions", indexFailovers);

    System.out.println("an index built afresh per decision (the cost of every decision before the index):");
    long end = System.nanoTime() + (long) (budgetS * 1e9);
    long warmEnd = System.nanoTime() + (long) (budgetS * 0.5 * 1e9);
    int warm = 0;
    while (warm < 200 && System.nanoTime() < warmEnd) {
      failover(down, steady, lost, orphans, null);
      warm++;
    }
    List<Long> decisions = new ArrayList<>();
    List<Long> totals = new ArrayList<>();
    List<Long> rebalanceDown = new ArrayList<>();
    List<Long> rebalanceFailback = new ArrayList<>();
    List<Long> rebalanceSteady = new ArrayList<>();
    List<Long> waitingOnly = new ArrayList<>();
    int iterations = 0;
    while (iterations < 200 && System.nanoTime() < end) {
      long t0 = System.nanoTime();
      Map<String, List<String>> after = failover(down, steady, lost, orphans, decisions);
      totals.add(System.nanoTime() - t0);
      // The coordinator calls rebalance every rebalance-interval; the adapter skips it while a
      // member is unreachable, but once the lost server is removed it runs with it gone:
      long r0 = System.nanoTime();
      Set<String> none = PlacementPolicy.rebalance(down, after, Set.of());
      rebalanceDown.add(System.nanoTime() - r0);
      check(none.isEmpty(), "no moves while the lost server is away, got " + none.size());
      // The lost server is back: failback moves its cameras home.
      Map<String, List<String>> withHome = new HashMap<>(after);
      withHome.put(lost, new ArrayList<>());
      long f0 = System.nanoTime();
      Set<String> home = PlacementPolicy.rebalance(up, withHome, Set.of());
      rebalanceFailback.add(System.nanoTime() - f0);
      check(home.size() == orphans.size(), "failback moves all " + orphans.size() + ", got " + home.size());
      long s0 = System.nanoTime();
      PlacementPolicy.rebalance(up, steady, Set.of());
      rebalanceSteady.add(System.nanoTime() - s0);
      long w0 = System.nanoTime();
      PlacementPolicy.waiting(down, after);
      waitingOnly.add(System.nanoTime() - w0);
      iterations++;
    }
    System.out.printf("warm-up %d failovers, measured %d failovers (%d decisions)%n", warm, iterations, decisions.size());
    print("allocate, one decision", decisions);
    print("failover, all " + orphans.size() + " decisions", totals);
    print("rebalance, server gone (no moves)", rebalanceDown);
    print("rebalance, failback (" + orphans.size() + " moves)", rebalanceFailback);
    print("rebalance, steady state (no moves)", rebalanceSteady);
    print("PlacementPolicy.waiting alone", waitingOnly);
  }

  /** Re-places the lost server's cameras one decision at a time, as the coordinator applies them. */
  private static Map<String, List<String>> failover(PlacementSnapshot snap, Map<String, List<String>> steady,
      String lost, List<String> orphans, List<Long> decisionNanos) {
    Map<String, List<String>> alloc = withoutLost(steady, lost);
    for (String cam : orphans) {
      long t0 = System.nanoTime();
      Optional<String> to = PlacementPolicy.allocate(cam, snap, alloc);
      long dt = System.nanoTime() - t0;
      if (decisionNanos != null) decisionNanos.add(dt);
      check(to.isPresent() && !to.get().equals(lost), "camera " + cam + " placed");
      alloc.get(to.get()).add(cam);
    }
    return alloc;
  }

  /** The allocations right after the lost server's region is gone. */
  private static Map<String, List<String>> withoutLost(Map<String, List<String>> steady, String lost) {
    Map<String, List<String>> alloc = new HashMap<>();
    steady.forEach((s, cams) -> {
      if (!s.equals(lost)) alloc.put(s, new ArrayList<>(cams));
    });
    return alloc;
  }

  private static PlacementSnapshot snapshot(int servers, int room, int lostCameras, Map<String, Camera> cameras,
      String offline) {
    Map<String, Server> out = new LinkedHashMap<>();
    for (int s = 0; s < servers; s++) {
      String sid = String.format("server-%04d", s);
      out.put(sid, new Server(sid, !sid.equals(offline), true, s == 0 ? Math.max(room, lostCameras) : room, true, null));
    }
    return new PlacementSnapshot(out, cameras);
  }

  private static void check(boolean ok, String what) {
    if (!ok) throw new IllegalStateException("benchmark broken: " + what);
  }

  private static void print(String label, List<Long> nanos) {
    long[] v = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    if (v.length == 0) return;
    System.out.printf("  %-40s median %9.3f ms  p90 %9.3f ms  max %9.3f ms  (n=%d)%n", label,
        v[v.length / 2] / 1e6, v[(int) (v.length * 0.9)] / 1e6, v[v.length - 1] / 1e6, v.length);
  }

  private PlacementBench() {}
}

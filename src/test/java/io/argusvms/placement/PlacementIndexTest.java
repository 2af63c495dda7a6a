package io.argusvms.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.argusvms.placement.PlacementSnapshot.Camera;
import io.argusvms.placement.PlacementSnapshot.Server;
import io.argusvms.system.FailoverPriority;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An index kept up to date change by change decides as one built afresh from the same
 * allocations: random Systems (seeded, 2,000 of them) and random placements and removals, every
 * camera's decision compared after each change.
 */
class PlacementIndexTest {

  @Test
  void anIndexKeptUpToDateDecidesAsOneBuiltAfresh() {
    Random random = new Random(7);
    FailoverPriority[] priorities = FailoverPriority.values();
    int compared = 0;
    for (int round = 0; round < 2_000; round++) {
      int serverCount = 1 + random.nextInt(5);
      List<String> cameraIds = new ArrayList<>();
      for (int c = 0; c < random.nextInt(16); c++) cameraIds.add("c" + c);
      Map<String, Server> servers = new LinkedHashMap<>();
      for (int s = 0; s < serverCount; s++) {
        Set<String> reach = null;
        if (random.nextInt(3) == 0) {
          reach = new HashSet<>();
          for (String c : cameraIds) if (random.nextInt(4) > 0) reach.add(c);
        }
        servers.put("s" + s, new Server("s" + s, random.nextInt(4) > 0, random.nextInt(5) > 0, random.nextInt(6),
            random.nextInt(6) > 0, reach));
      }
      Map<String, Camera> cameras = new LinkedHashMap<>();
      for (String c : cameraIds) {
        cameras.put(c, new Camera(c, "s" + random.nextInt(serverCount + 1), priorities[random.nextInt(priorities.length)],
            random.nextInt(4) == 0 ? "s" + random.nextInt(serverCount) : null));
      }
      PlacementSnapshot snapshot = new PlacementSnapshot(servers, cameras);
      Map<String, List<String>> allocations = new HashMap<>();
      PlacementIndex kept = new PlacementIndex(snapshot, allocations);
      for (int step = 0; step < 12; step++) {
        String server = "s" + random.nextInt(serverCount);
        List<String> list = allocations.computeIfAbsent(server, k -> new ArrayList<>());
        if (!list.isEmpty() && random.nextInt(3) == 0) {
          String gone = list.remove(random.nextInt(list.size()));
          kept.removed(gone, server);
        } else if (!cameraIds.isEmpty()) {
          String camera = cameraIds.get(random.nextInt(cameraIds.size()));
          if (allocations.values().stream().anyMatch(l -> l.contains(camera))) continue;
          list.add(camera);
          kept.placed(camera, server);
        }
        for (String c : cameraIds) {
          assertEquals(PlacementPolicy.allocate(c, snapshot, allocations, 0), PlacementPolicy.allocate(c, kept, 0),
              "round " + round + " step " + step + " camera " + c + " allocations " + allocations);
          compared++;
        }
      }
    }
    System.out.println("PlacementIndexTest: " + compared + " decisions compared");
  }
}

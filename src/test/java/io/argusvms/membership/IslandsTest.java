package io.argusvms.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IslandsTest {
  @Test
  void aLoneRestartedFirstSeedJoinsTheOtherTwo() {
    var lone = new Islands.Side(1, "127.0.0.1:7002");
    var pair = new Islands.Side(2, "127.0.0.1:7012");
    assertTrue(Islands.shouldJoin(lone, pair));
    assertFalse(Islands.shouldJoin(pair, lone));
  }

  @Test
  void ofTwoEqualHalvesTheOneWithTheHigherLowestMemberGivesWay() {
    var low = new Islands.Side(1, "127.0.0.1:7002");
    var high = new Islands.Side(1, "127.0.0.1:10002");
    assertTrue(Islands.shouldJoin(high, low), "ports compare as numbers");
    assertFalse(Islands.shouldJoin(low, high));
  }

  @Test
  void theSameClusterIsNoIsland() {
    var a = new Islands.Side(3, "127.0.0.1:7002");
    assertFalse(Islands.shouldJoin(a, new Islands.Side(4, "127.0.0.1:7002")));
  }

  @Test
  void lowestMemberOfClusterAddresses() {
    assertEquals(Optional.of("127.0.0.1:7002"),
        Islands.lowest(List.of("pekko://argus@127.0.0.1:7012", "pekko://argus@127.0.0.1:7002")));
    assertEquals(Optional.empty(), Islands.lowest(List.of()));
  }
}

package io.argusvms.merge;

import static io.argusvms.merge.MergeClaims.Decision.PROCEED;
import static io.argusvms.merge.MergeClaims.Decision.WAIT;
import static io.argusvms.merge.MergeClaims.Decision.YIELD;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.argusvms.system.MergeClaim;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MergeClaimsTest {
  static MergeClaim claim(String server, long at) {
    return new MergeClaim(server, at, at + 180_000);
  }

  @Test
  void aloneItProceeds() {
    MergeClaim mine = claim("b", 100);
    assertEquals(PROCEED, MergeClaims.decide(mine, List.of(mine), 200));
    assertEquals(PROCEED, MergeClaims.decide(mine, List.of(), 200), "its own write not read back yet: nobody else");
  }

  @Test
  void anEarlierClaimWinsAndALaterOneIsWaitedFor() {
    MergeClaim mine = claim("b", 100);
    assertEquals(YIELD, MergeClaims.decide(mine, List.of(mine, claim("a", 99)), 200));
    assertEquals(WAIT, MergeClaims.decide(mine, List.of(mine, claim("a", 101)), 200));
  }

  @Test
  void theServerIdBreaksATie() {
    assertEquals(YIELD, MergeClaims.decide(claim("b", 100), List.of(claim("a", 100)), 200));
    assertEquals(WAIT, MergeClaims.decide(claim("a", 100), List.of(claim("b", 100)), 200));
  }

  @Test
  void expiredClaimsAreIgnored() {
    MergeClaim stale = new MergeClaim("a", 10, 150);
    assertEquals(PROCEED, MergeClaims.decide(claim("b", 100), List.of(stale), 200));
    assertEquals(Optional.empty(), MergeClaims.running(List.of(stale), "b", 200));
  }

  @Test
  void runningNamesTheEarliestOtherClaim() {
    List<MergeClaim> seen = List.of(claim("c", 300), claim("a", 200), claim("self", 100));
    assertEquals("a", MergeClaims.running(seen, "self", 400).orElseThrow().serverId());
  }

  /** Both orders of two servers that each saw the other: exactly one goes ahead. */
  @Test
  void twoServersThatSeeEachOtherNeverBothProceed() {
    MergeClaim a = claim("a", 100);
    MergeClaim b = claim("b", 100);
    List<MergeClaim> both = List.of(a, b);
    assertEquals(WAIT, MergeClaims.decide(a, both, 150));
    assertEquals(YIELD, MergeClaims.decide(b, both, 150));
    // After b gave way, a sees only itself.
    assertEquals(PROCEED, MergeClaims.decide(a, List.of(a), 160));
  }
}

package io.argusvms.membership;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

class DowningDecisionTest {
  private static Address at(String host, int port) {
    return new Address("pekko", "argus", host, port);
  }

  @Test
  void theLowestReachableAddressDecidesForItsSide() {
    Set<Address> side = Set.of(at("127.0.0.1", 7012), at("127.0.0.1", 7022), at("127.0.0.1", 7102));
    assertTrue(DowningDecision.isDecider(at("127.0.0.1", 7012), side));
    assertFalse(DowningDecision.isDecider(at("127.0.0.1", 7022), side));
    assertFalse(DowningDecision.isDecider(at("127.0.0.1", 7102), side));
  }

  @Test
  void aServerAloneDecidesForItself() {
    // The survivor of a pair downs the other: neither half of a pair ever downs itself.
    assertTrue(DowningDecision.isDecider(at("127.0.0.1", 7022), Set.of(at("127.0.0.1", 7022))));
  }

  @Test
  void portsCompareAsNumbersNotText() {
    Set<Address> side = Set.of(at("127.0.0.1", 900), at("127.0.0.1", 10000));
    assertTrue(DowningDecision.isDecider(at("127.0.0.1", 900), side));
  }
}

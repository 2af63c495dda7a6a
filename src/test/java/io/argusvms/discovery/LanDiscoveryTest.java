package io.argusvms.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.testing.MulticastOnLoopback;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class LanDiscoveryTest {
  @Test
  void beaconsRoundTripAndForeignPacketsAreIgnored() {
    Beacon b = new Beacon("sys-1", "Front office", "0.1.0", "http://10.0.0.5:7001");
    byte[] data = b.encode();
    assertEquals(Optional.of(b), Beacon.decode(data, data.length));
    byte[] other = "{\"hello\":1}".getBytes(StandardCharsets.UTF_8);
    assertEquals(Optional.empty(), Beacon.decode(other, other.length));
    byte[] junk = {1, 2, 3};
    assertEquals(Optional.empty(), Beacon.decode(junk, junk.length));
  }

  /** Two servers of one System and one of another, on the loopback interface (needs multicast on lo). */
  @Test
  void eachServerListsTheOtherSystemsWithAllTheirUrlsButNotItsOwn() throws Exception {
    try (MulticastOnLoopback multicast = MulticastOnLoopback.enable("239.255.11.11")) {
      eachServerListsTheOtherSystems();
    }
  }

  private void eachServerListsTheOtherSystems() throws Exception {
    int port = ThreadLocalRandom.current().nextInt(30_000, 40_000);
    DiscoverySettings s = new DiscoverySettings(true, "239.255.11.11", port, Duration.ofMillis(200),
        Duration.ofSeconds(2), "127.0.0.1");
    try (LanDiscovery a1 = beacon(s, "sys-a", "http://127.0.0.1:1001");
        LanDiscovery a2 = beacon(s, "sys-a", "http://127.0.0.1:1002");
        LanDiscovery b = beacon(s, "sys-b", "http://127.0.0.1:2001")) {
      long deadline = System.nanoTime() + 10_000_000_000L;
      List<SeenSystem> seenByB = List.of();
      while (System.nanoTime() < deadline) {
        seenByB = b.systems("sys-b");
        if (!seenByB.isEmpty() && seenByB.get(0).urls().size() == 2 && !a1.systems("sys-a").isEmpty()) break;
        Thread.sleep(100);
      }
      assertEquals(List.of(new SeenSystem("sys-a", "sys-a name", "0.1.0",
          List.of("http://127.0.0.1:1001", "http://127.0.0.1:1002"))), seenByB);
      assertEquals(List.of("sys-b"), a1.systems("sys-a").stream().map(SeenSystem::systemId).toList());
      a1.close();
      a2.close();
      Thread.sleep(2500);
      assertTrue(b.systems("sys-b").isEmpty(), "a System not heard for expire-after is dropped");
    }
  }

  private static LanDiscovery beacon(DiscoverySettings s, String systemId, String url) {
    return new LanDiscovery(s, () -> Optional.of(new Beacon(systemId, systemId + " name", "0.1.0", url)),
        Clock.systemUTC()).start();
  }
}

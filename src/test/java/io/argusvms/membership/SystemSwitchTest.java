package io.argusvms.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemSwitchTest {
  @TempDir Path data;

  NodeSettings settings() {
    return new NodeSettings("s1", data, false, "", "127.0.0.1", 7001, 7002, List.of("127.0.0.1:7002"),
        new NodeSettings.Join(List.of(), "admin", ""));
  }

  @Test
  void aPendingSwitchDropsTheSystemDatabaseAndJoinsTheSurvivorFromThenOn() throws Exception {
    Files.createDirectories(data.resolve("system-db/sub"));
    Files.writeString(data.resolve("system-db/sub/data.mdb"), "old identity");
    Files.writeString(data.resolve(SystemSwitch.PENDING), "10.0.0.1:7002,10.0.0.2:7002");

    NodeSettings s = SystemSwitch.beforeStart(settings());
    assertEquals(List.of("10.0.0.1:7002", "10.0.0.2:7002"), s.seeds());
    assertFalse(s.mayCreateSystem(), "a merged server never creates a System of its own");
    assertFalse(Files.exists(data.resolve("system-db")));
    assertFalse(Files.exists(data.resolve(SystemSwitch.PENDING)));

    Files.createDirectories(data.resolve("system-db"));
    NodeSettings again = SystemSwitch.beforeStart(settings());
    assertEquals(List.of("10.0.0.1:7002", "10.0.0.2:7002"), again.seeds(), "the survivor's seeds win at every start");
    assertTrue(Files.exists(data.resolve("system-db")), "the database is dropped only once");
  }

  @Test
  void withoutAMergeTheConfiguredSeedsHold() {
    assertEquals(settings(), SystemSwitch.beforeStart(settings()));
  }
}

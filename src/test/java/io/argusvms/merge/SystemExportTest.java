package io.argusvms.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.FailoverPriority;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.SystemIdentity;
import io.argusvms.system.UserRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemExportTest {
  final SystemExport export = new SystemExport(new SystemIdentity("sys-1", "Office"),
      Map.of("srv-1", new ServerInfo("srv-1", "one", "http://10.0.0.1:7001", "pekko://argus@10.0.0.1:7002", true, 10),
          "srv-2", new ServerInfo("srv-2", "two", "http://10.0.0.2:7001", "pekko://argus@10.0.0.2:7002", false, 5)),
      Map.of("cam-1", new CameraConfig("cam-1", "door", "rtsp://10.0.0.9/s", "u", "p", "srv-2", FailoverPriority.HIGH, true)),
      Map.of("admin", new UserRecord("admin", "admin", "pbkdf2-sha256$1$a$b")), "c2VjcmV0");

  @Test
  void roundTripsThroughJson() throws Exception {
    String text = export.toJson("0.1.0", 42).toString();
    assertEquals(export, SystemExport.fromJson(new ObjectMapper().readTree(text)));
    assertTrue(text.contains("\"tokenKey\":\"c2VjcmV0\""), "the survivor keeps it for servers that were offline");
    SystemExport older = new SystemExport(export.identity(), export.servers(), export.cameras(), export.users(), "");
    assertFalse(older.toJson("0.1.0", 42).toString().contains("tokenKey"));
    assertEquals(older, SystemExport.fromJson(older.toJson("0.1.0", 42)));
  }

  @Test
  void seedsAreTheServersClusterHostsAndPorts() {
    assertEquals(List.of("10.0.0.1:7002", "10.0.0.2:7002"), export.seeds());
  }

  @Test
  void somethingElseIsRefused() throws Exception {
    MergeException e = assertThrows(MergeException.class,
        () -> SystemExport.fromJson(new ObjectMapper().readTree("{\"format\":\"other\"}")));
    assertEquals(400, e.status());
  }

  @Test
  void majorVersionIsTheFirstNumber() {
    assertEquals("0", SystemMerge.major("0.1.0"));
    assertEquals("12", SystemMerge.major("12.3"));
    assertEquals("7", SystemMerge.major("7"));
  }
}

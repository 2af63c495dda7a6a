package io.argusvms.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ServerUrlTest {
  @Test
  void onlySchemeHostAndPortAreKept() {
    assertEquals("http://127.0.0.1:7001", ServerUrl.base("http://127.0.0.1:7001"));
    assertEquals("http://127.0.0.1:7001", ServerUrl.base(" http://127.0.0.1:7001/some/path?q=1#frag "));
    assertEquals("http://10.0.0.1:7001", ServerUrl.base("http://10.0.0.1:7001/secret#"), "a # cannot cut our path off");
    assertEquals("https://vms.example", ServerUrl.base("HTTPS://vms.example/"));
    assertEquals("http://[::1]:7001", ServerUrl.base("http://[::1]:7001"));
  }

  @Test
  void anythingElseIsRefusedWithAReason() {
    for (String bad : new String[] {"", "ftp://h/x", "file:///etc/passwd", "gopher://h:70/", "http://user:pw@h:7001",
        "http://:7001", "http://h:0", "http://h:99999", "h:7001", "http//h"}) {
      assertThrows(IllegalArgumentException.class, () -> ServerUrl.base(bad), bad);
    }
  }

  @Test
  void ofAnErrorAnswerOnlyItsCodeIsRead() {
    assertEquals("bad_credentials", ServerUrl.errorCode("{\"error\":\"bad_credentials\",\"message\":\"Wrong\"}"));
    assertEquals("no error code", ServerUrl.errorCode("TOP-SECRET contents of some page"));
    assertEquals("no error code", ServerUrl.errorCode("{\"error\":\"TOP SECRET\"}"));
  }
}

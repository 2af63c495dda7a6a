package io.argusvms.recording.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  @Test
  void digestWithQopAuthMatchesRfc2617sExample() {
    // RFC 2617 3.5: Mufasa / "Circle Of Life", GET /dir/index.html, cnonce 0a4f113b, nc 00000001.
    String challenge = "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
        + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
    Authenticator a = Authenticator.forChallenge(challenge, "Mufasa", "Circle Of Life", "0a4f113b").orElseThrow();
    Map<String, String> p = Authenticator.params(a.authorization("GET", "/dir/index.html").substring(7));
    assertEquals("6629fae49393a05397450978507c4ef1", p.get("response"));
    assertEquals("00000001", p.get("nc"));
    assertEquals("5ccc069c403ebaf9f0171e9517f40e41", p.get("opaque"));
  }

  @Test
  void digestWithoutQopAsOlderCamerasSendIt() {
    Authenticator a = Authenticator.forChallenge("Digest realm=\"IP Camera\", nonce=\"abc\"", "admin", "pw")
        .orElseThrow();
    String h = a.authorization("DESCRIBE", "rtsp://10.0.0.5/live");
    String ha1 = Authenticator.md5("admin:IP Camera:pw");
    String ha2 = Authenticator.md5("DESCRIBE:rtsp://10.0.0.5/live");
    assertEquals(Authenticator.md5(ha1 + ":abc:" + ha2), Authenticator.params(h.substring(7)).get("response"));
  }

  @Test
  void digestIsPreferredToBasicAndBasicIsUsedAlone() {
    String both = "Basic realm=\"x\"\nDigest realm=\"x\", nonce=\"n\"";
    assertTrue(Authenticator.forChallenge(both, "u", "p").orElseThrow().authorization("PLAY", "rtsp://c/")
        .startsWith("Digest "));
    assertEquals("Basic dTpwOnc=", Authenticator.forChallenge("Basic realm=\"GStreamer RTSP Server\"", "u", "p:w")
        .orElseThrow().authorization("DESCRIBE", "rtsp://c/"));
    assertTrue(Authenticator.forChallenge("Bearer x", "u", "p").isEmpty());
    assertTrue(Authenticator.forChallenge("Digest realm=\"x\", nonce=\"n\", algorithm=SHA-256", "u", "p").isEmpty());
  }
}

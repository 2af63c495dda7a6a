package io.argusvms.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.testing.OnvifDevice;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** WS-Discovery messages: the Probe Argus sends, and what devices (and impostors) send back. */
class WsDiscoveryTest {

  @Test
  void theProbeAsksForVideoTransmittersWithItsMessageId() throws Exception {
    Document d = SafeXml.parse(WsDiscovery.probe("uuid:1234"));
    assertEquals("uuid:1234", SafeXml.text(d, "Envelope", "Header", "MessageID"));
    assertEquals("dn:NetworkVideoTransmitter", SafeXml.text(d, "Envelope", "Body", "Probe", "Types"));
    assertEquals(WsDiscovery.NS_DISCOVERY + "/Probe", SafeXml.text(d, "Envelope", "Header", "Action"));
  }

  @Test
  void aProbeMatchGivesEndpointAddressesNameAndHardware() {
    WsDiscovery.Message m = WsDiscovery.parse(OnvifDevice.probeMatch("uuid:1234", "urn:uuid:abc",
        "http://10.1.0.5/onvif/device_service http://[fe80::1]/onvif/device_service", "Front%20Door")).orElseThrow();
    assertEquals(WsDiscovery.Kind.PROBE_MATCH, m.kind());
    assertEquals("urn:uuid:abc", m.endpoint());
    assertEquals("uuid:1234", m.relatesTo());
    assertEquals(List.of("http://10.1.0.5/onvif/device_service", "http://[fe80::1]/onvif/device_service"), m.xaddrs());
    assertEquals("Front Door", m.scope("name"));
    assertEquals("Sim-1", m.scope("hardware"));
    assertEquals(List.of("dn:NetworkVideoTransmitter"), m.types());
  }

  @Test
  void helloAndByeAreRecognised() {
    String hello = "<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:a=\"" + WsDiscovery.NS_ADDRESSING
        + "\" xmlns:d=\"" + WsDiscovery.NS_DISCOVERY + "\"><e:Body><d:Hello><a:EndpointReference><a:Address>urn:uuid:h"
        + "</a:Address></a:EndpointReference><d:XAddrs>http://10.1.0.6/onvif/device_service</d:XAddrs></d:Hello>"
        + "</e:Body></e:Envelope>";
    WsDiscovery.Message h = WsDiscovery.parse(hello.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    assertEquals(WsDiscovery.Kind.HELLO, h.kind());
    assertEquals(null, h.relatesTo());
    String bye = hello.replace("d:Hello", "d:Bye");
    assertEquals(WsDiscovery.Kind.BYE, WsDiscovery.parse(bye.getBytes(StandardCharsets.UTF_8)).orElseThrow().kind());
  }

  @Test
  void garbageBombsProbesAndAnonymousMatchesAreIgnored() {
    for (String junk : List.of("", "not xml", "<a>", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>",
        "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"file:///etc/passwd\"><x/>",
        new String(WsDiscovery.probe("uuid:9"), StandardCharsets.UTF_8),
        new String(OnvifDevice.probeMatch("uuid:1", "", "http://x/", "n"), StandardCharsets.UTF_8))) {
      assertTrue(WsDiscovery.parse(junk.getBytes(StandardCharsets.UTF_8)).isEmpty(), junk);
    }
  }
}

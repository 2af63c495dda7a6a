package io.argusvms.onvif;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * WS-Discovery (the 2005/04 draft ONVIF devices speak, ONVIF Core 7.3) as bytes: the Probe Argus
 * multicasts to 239.255.255.250:3702 for {@code dn:NetworkVideoTransmitter}, and the ProbeMatch,
 * Hello and Bye messages devices send. Pure: no sockets here.
 */
public final class WsDiscovery {
  public static final String GROUP = "239.255.255.250";
  public static final int PORT = 3702;
  static final String NS_DISCOVERY = "http://schemas.xmlsoap.org/ws/2005/04/discovery";
  static final String NS_ADDRESSING = "http://schemas.xmlsoap.org/ws/2004/08/addressing";

  private WsDiscovery() {}

  /** What a device said about itself. */
  public enum Kind { PROBE_MATCH, HELLO, BYE }

  /**
   * One device's message.
   *
   * @param endpoint its stable id (an {@code urn:uuid:...} address)
   * @param xaddrs its device service URLs
   * @param scopes its scopes ({@code onvif://www.onvif.org/name/...}, {@code .../hardware/...})
   * @param relatesTo the Probe's MessageID a match answers (null for Hello and Bye)
   */
  public record Message(Kind kind, String endpoint, List<String> xaddrs, List<String> scopes, List<String> types,
      String relatesTo) {

    /** The value of the {@code onvif://www.onvif.org/<key>/<value>} scope, URL-decoded, or null. */
    public String scope(String key) {
      String prefix = "onvif://www.onvif.org/" + key + "/";
      for (String s : scopes) {
        if (s.startsWith(prefix)) return java.net.URLDecoder.decode(s.substring(prefix.length()), StandardCharsets.UTF_8);
      }
      return null;
    }
  }

  /** The Probe for video transmitters, with this MessageID ({@code uuid:...}). */
  public static byte[] probe(String messageId) {
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:a=\"" + NS_ADDRESSING + "\""
        + " xmlns:d=\"" + NS_DISCOVERY + "\" xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\">"
        + "<s:Header><a:Action s:mustUnderstand=\"1\">" + NS_DISCOVERY + "/Probe</a:Action>"
        + "<a:MessageID>" + Soap.escape(messageId) + "</a:MessageID>"
        + "<a:ReplyTo><a:Address>" + NS_ADDRESSING + "/role/anonymous</a:Address></a:ReplyTo>"
        + "<a:To s:mustUnderstand=\"1\">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>"
        + "<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A datagram from the discovery port: a device's ProbeMatch, Hello or Bye; empty for anything
   * else (another Probe, garbage, a message without an endpoint).
   */
  public static Optional<Message> parse(byte[] datagram) {
    Document doc;
    try {
      doc = SafeXml.parse(datagram);
    } catch (OnvifException e) {
      return Optional.empty();
    }
    Element body = SafeXml.find(doc, "Envelope", "Body");
    if (body == null) return Optional.empty();
    String relatesTo = SafeXml.text(doc, "Envelope", "Header", "RelatesTo");
    Element e = SafeXml.find(body, "ProbeMatch");
    Kind kind = Kind.PROBE_MATCH;
    if (e == null && (e = SafeXml.find(body, "Hello")) != null) kind = Kind.HELLO;
    if (e == null && (e = SafeXml.find(body, "Bye")) != null) kind = Kind.BYE;
    if (e == null) return Optional.empty();
    String endpoint = SafeXml.text(e, "EndpointReference", "Address");
    if (endpoint == null || endpoint.isEmpty() || endpoint.length() > 512) return Optional.empty();
    return Optional.of(new Message(kind, endpoint, words(SafeXml.text(e, "XAddrs")), words(SafeXml.text(e, "Scopes")),
        words(SafeXml.text(e, "Types")), kind == Kind.PROBE_MATCH ? relatesTo : null));
  }

  private static List<String> words(String text) {
    if (text == null || text.isBlank()) return List.of();
    return Arrays.stream(text.trim().split("\\s+")).limit(64).toList();
  }
}

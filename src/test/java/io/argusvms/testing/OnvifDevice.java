package io.argusvms.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small simulated ONVIF device for tests: device and media services over HTTP (SOAP 1.2) on
 * 127.0.0.1 (or an address given, in a network namespace), with or without WS-Security
 * UsernameToken digest authentication (checked as a camera
 * does, including the token's age against its own clock), two profiles (H.264 main and sub stream)
 * whose stream URI is an RTSP URL given at start, and hostile modes that answer garbage, an XML
 * bomb, a huge body or an HTML page. Also makes WS-Discovery ProbeMatch answers.
 */
public final class OnvifDevice implements AutoCloseable {
  /** How the device answers. */
  public enum Mode { NORMAL, GARBAGE, XML_BOMB, HUGE, HTML, NO_H264 }

  private final HttpServer server;
  private final String host;
  private final String username;
  private final String password;
  private final long clockOffsetMs;
  private final String rtspUrl;
  private volatile Mode mode = Mode.NORMAL;

  /**
   * @param username null: no authentication
   * @param clockOffsetMs the device's clock minus the real one
   * @param rtspUrl what GetStreamUri answers for the main profile ({@code /sub} appended for the sub stream)
   */
  public OnvifDevice(String username, String password, long clockOffsetMs, String rtspUrl) throws IOException {
    this("127.0.0.1", username, password, clockOffsetMs, rtspUrl);
  }

  /** As the other constructor, listening on {@code host}. */
  public OnvifDevice(String host, String username, String password, long clockOffsetMs, String rtspUrl)
      throws IOException {
    this.host = host;
    this.username = username;
    this.password = password;
    this.clockOffsetMs = clockOffsetMs;
    this.rtspUrl = rtspUrl;
    server = HttpServer.create(new InetSocketAddress(host, 0), 16);
    server.createContext("/onvif/device_service", this::handle);
    server.createContext("/onvif/media_service", this::handle);
    server.start();
  }

  public void mode(Mode m) {
    mode = m;
  }

  public String deviceServiceUrl() {
    return "http://" + host + ":" + server.getAddress().getPort() + "/onvif/device_service";
  }

  private void handle(HttpExchange x) throws IOException {
    String request = new String(x.getRequestBody().readNBytes(1 << 20), StandardCharsets.UTF_8);
    switch (mode) {
      case GARBAGE -> send(x, 200, "application/soap+xml", "<<<not xml at all &&&");
      case XML_BOMB -> send(x, 200, "application/soap+xml", "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
          + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
          + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><lolz>&lol3;</lolz>");
      case HUGE -> send(x, 200, "application/soap+xml", "<a>" + "x".repeat(3 << 20) + "</a>");
      case HTML -> send(x, 200, "text/html", "<html><body>Router login</body></html>");
      default -> answer(x, request);
    }
  }

  private void answer(HttpExchange x, String request) throws IOException {
    if (request.contains("GetSystemDateAndTime")) {
      ZonedDateTime t = Instant.ofEpochMilli(System.currentTimeMillis() + clockOffsetMs).atZone(ZoneOffset.UTC);
      soap(x, "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType>"
          + "<tt:UTCDateTime><tt:Time><tt:Hour>" + t.getHour() + "</tt:Hour><tt:Minute>" + t.getMinute()
          + "</tt:Minute><tt:Second>" + t.getSecond() + "</tt:Second></tt:Time><tt:Date><tt:Year>" + t.getYear()
          + "</tt:Year><tt:Month>" + t.getMonthValue() + "</tt:Month><tt:Day>" + t.getDayOfMonth()
          + "</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>");
      return;
    }
    if (username != null && !authorized(request)) {
      send(x, 400, "application/soap+xml", envelope("<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode>"
          + "<s:Value>ter:NotAuthorized</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en\">Sender not"
          + " authorized</s:Text></s:Reason></s:Fault>"));
      return;
    }
    String base = "http://" + host + ":" + server.getAddress().getPort();
    if (request.contains("GetDeviceInformation")) {
      soap(x, "<tds:GetDeviceInformationResponse><tds:Manufacturer>Argus Test</tds:Manufacturer><tds:Model>Sim-1"
          + "</tds:Model><tds:FirmwareVersion>1.0</tds:FirmwareVersion><tds:SerialNumber>SN-42</tds:SerialNumber>"
          + "<tds:HardwareId>HW-7</tds:HardwareId></tds:GetDeviceInformationResponse>");
    } else if (request.contains("GetCapabilities")) {
      // A device names its own address, here a wrong one: the client keeps the host it reached.
      soap(x, "<tds:GetCapabilitiesResponse><tds:Capabilities><tt:Media><tt:XAddr>http://10.99.99.99:80/onvif/"
          + "media_service</tt:XAddr></tt:Media></tds:Capabilities></tds:GetCapabilitiesResponse>");
    } else if (request.contains("GetProfiles")) {
      String encoding = mode == Mode.NO_H264 ? "JPEG" : "H264";
      soap(x, "<trt:GetProfilesResponse>" + profile("main", "MainStream", encoding, 1920, 1080, 25, 4096)
          + profile("sub", "SubStream", encoding, 640, 360, 15, 512) + "</trt:GetProfilesResponse>");
    } else if (request.contains("GetStreamUri")) {
      String uri = request.contains(">sub<") ? rtspUrl + "/sub" : rtspUrl;
      soap(x, "<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>" + uri + "</tt:Uri></trt:MediaUri>"
          + "</trt:GetStreamUriResponse>");
    } else if (request.contains("GetSnapshotUri")) {
      soap(x, "<trt:GetSnapshotUriResponse><trt:MediaUri><tt:Uri>" + base + "/snapshot.jpg</tt:Uri></trt:MediaUri>"
          + "</trt:GetSnapshotUriResponse>");
    } else {
      send(x, 400, "application/soap+xml", envelope("<s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code>"
          + "<s:Reason><s:Text>not implemented</s:Text></s:Reason></s:Fault>"));
    }
  }

  private static String profile(String token, String name, String encoding, int w, int h, int fps, int kbps) {
    return "<trt:Profiles token=\"" + token + "\" fixed=\"true\"><tt:Name>" + name + "</tt:Name>"
        + "<tt:VideoEncoderConfiguration token=\"v" + token + "\"><tt:Name>v</tt:Name><tt:Encoding>" + encoding
        + "</tt:Encoding><tt:Resolution><tt:Width>" + w + "</tt:Width><tt:Height>" + h + "</tt:Height></tt:Resolution>"
        + "<tt:RateControl><tt:FrameRateLimit>" + fps + "</tt:FrameRateLimit><tt:BitrateLimit>" + kbps
        + "</tt:BitrateLimit></tt:RateControl></tt:VideoEncoderConfiguration></trt:Profiles>";
  }

  private static final Pattern FIELD = Pattern.compile("<(?:\\w+:)?(Username|Password|Nonce|Created)\\b[^>]*>([^<]*)(?=<)");

  /** As a camera checks a UsernameToken: the digest, and the token's age against its own clock. */
  private boolean authorized(String request) {
    String user = null;
    String digest = null;
    String nonce = null;
    String created = null;
    Matcher m = FIELD.matcher(request);
    while (m.find()) {
      switch (m.group(1)) {
        case "Username" -> user = m.group(2);
        case "Password" -> digest = m.group(2);
        case "Nonce" -> nonce = m.group(2);
        default -> created = m.group(2);
      }
    }
    if (user == null || digest == null || nonce == null || created == null || !user.equals(username)) return false;
    long age = System.currentTimeMillis() + clockOffsetMs - Instant.parse(created).toEpochMilli();
    if (Math.abs(age) > 5_000) return false;
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(Base64.getDecoder().decode(nonce));
      sha1.update(created.getBytes(StandardCharsets.UTF_8));
      sha1.update(password.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(sha1.digest()).equals(digest);
    } catch (Exception e) {
      return false;
    }
  }

  /** A ProbeMatch answering {@code relatesTo}, as a device sends it to the prober. */
  public static byte[] probeMatch(String relatesTo, String endpoint, String xaddr, String name) {
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><SOAP-ENV:Envelope"
        + " xmlns:SOAP-ENV=\"http://www.w3.org/2003/05/soap-envelope\""
        + " xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
        + " xmlns:d=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\""
        + " xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\"><SOAP-ENV:Header>"
        + "<wsa:MessageID>uuid:" + java.util.UUID.randomUUID() + "</wsa:MessageID>"
        + "<wsa:RelatesTo>" + relatesTo + "</wsa:RelatesTo>"
        + "<wsa:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>"
        + "<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action></SOAP-ENV:Header>"
        + "<SOAP-ENV:Body><d:ProbeMatches><d:ProbeMatch><wsa:EndpointReference><wsa:Address>" + endpoint
        + "</wsa:Address></wsa:EndpointReference><d:Types>dn:NetworkVideoTransmitter</d:Types>"
        + "<d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/name/" + name
        + " onvif://www.onvif.org/hardware/Sim-1</d:Scopes><d:XAddrs>" + xaddr + "</d:XAddrs>"
        + "<d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></SOAP-ENV:Body>"
        + "</SOAP-ENV:Envelope>").getBytes(StandardCharsets.UTF_8);
  }

  private void soap(HttpExchange x, String body) throws IOException {
    send(x, 200, "application/soap+xml", envelope(body));
  }

  private static String envelope(String body) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
        + " xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\" xmlns:trt=\"http://www.onvif.org/ver10/media/wsdl\""
        + " xmlns:tt=\"http://www.onvif.org/ver10/schema\" xmlns:ter=\"http://www.onvif.org/ver10/error\">"
        + "<s:Body>" + body + "</s:Body></s:Envelope>";
  }

  private static void send(HttpExchange x, int status, String type, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(status, b.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

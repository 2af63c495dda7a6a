package io.argusvms.onvif;

import io.argusvms.onvif.OnvifException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Inspects one ONVIF device (Profile S): its clock (GetSystemDateAndTime, unauthenticated, so that
 * the UsernameToken carries the device's time), who it is (GetDeviceInformation), where its media
 * service is (GetCapabilities), its H.264/H.265 profiles (GetProfiles) and their stream and
 * snapshot URIs. SOAP 1.2 over HTTP, our own few envelopes: the ONVIF libraries on Maven Central
 * are abandoned, and these six calls are all Argus needs. Answers are parsed by {@link SafeXml}
 * and read at most {@link SafeXml#MAX_BYTES}. Blocking; call it off the actors' threads.
 */
public final class OnvifClient {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  /** A UsernameToken older or newer than this is commonly refused (devices allow 5-10 s). */
  static final long SKEW_THAT_MATTERS_MS = 5_000;
  private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT);

  private final HttpClient http;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public OnvifClient(Clock clock) {
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    this.clock = clock;
  }

  /**
   * @param deviceService the device service URL (an XAddr of its discovery answer)
   * @param username empty for a device without authentication
   */
  public DeviceReport inspect(URI deviceService, String username, String password) throws OnvifException {
    long before = clock.millis();
    Document time = call(deviceService, "", "<tds:GetSystemDateAndTime/>");
    long deviceTime = utc(time);
    long skew = deviceTime < 0 ? 0 : deviceTime - (before + clock.millis()) / 2;
    Auth auth = new Auth(username == null ? "" : username, password == null ? "" : password, skew, deviceTime);
    Document info = authorized(deviceService, auth, "<tds:GetDeviceInformation/>");
    Document caps = authorized(deviceService, auth,
        "<tds:GetCapabilities><tds:Category>All</tds:Category></tds:GetCapabilities>");
    String mediaText = SafeXml.text(caps, "Capabilities", "Media", "XAddr");
    URI media = mediaText == null || mediaText.isEmpty() ? deviceService : sameHostAs(deviceService, mediaText);
    Document profiles = authorized(media, auth, "<trt:GetProfiles/>");
    List<DeviceReport.Profile> found = new ArrayList<>();
    for (Element p : SafeXml.all(profiles, "Profiles")) {
      Element video = SafeXml.find(p, "VideoEncoderConfiguration");
      String encoding = video == null ? null : SafeXml.text(video, "Encoding");
      if (encoding == null || !(encoding.equals("H264") || encoding.equals("H265"))) continue;
      String token = p.getAttribute("token");
      if (token.isEmpty()) continue;
      String stream = SafeXml.text(authorized(media, auth, "<trt:GetStreamUri><trt:StreamSetup>"
          + "<tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport>"
          + "</trt:StreamSetup><trt:ProfileToken>" + Soap.escape(token) + "</trt:ProfileToken></trt:GetStreamUri>"),
          "MediaUri", "Uri");
      if (stream == null || stream.isEmpty()) continue;
      String snapshot;
      try {
        snapshot = SafeXml.text(authorized(media, auth, "<trt:GetSnapshotUri><trt:ProfileToken>" + Soap.escape(token)
            + "</trt:ProfileToken></trt:GetSnapshotUri>"), "MediaUri", "Uri");
      } catch (OnvifException e) {
        if (e.kind() != Kind.BAD_ANSWER) throw e;
        snapshot = null; // a device without snapshots answers with a fault: not an error of the device
      }
      found.add(new DeviceReport.Profile(token, orEmpty(SafeXml.text(p, "Name")), encoding,
          number(SafeXml.text(video, "Resolution", "Width")), number(SafeXml.text(video, "Resolution", "Height")),
          decimal(SafeXml.text(video, "RateControl", "FrameRateLimit")),
          number(SafeXml.text(video, "RateControl", "BitrateLimit")), stream, snapshot));
    }
    if (found.isEmpty()) {
      throw new OnvifException(Kind.NO_VIDEO_PROFILE, deviceService + " has no media profile with H.264 or H.265 video");
    }
    found.sort(Comparator.comparingInt((DeviceReport.Profile p) -> -p.width() * p.height()));
    return new DeviceReport(orEmpty(SafeXml.text(info, "Manufacturer")), orEmpty(SafeXml.text(info, "Model")),
        orEmpty(SafeXml.text(info, "FirmwareVersion")), orEmpty(SafeXml.text(info, "SerialNumber")),
        orEmpty(SafeXml.text(info, "HardwareId")), deviceTime, skew, List.copyOf(found));
  }

  private record Auth(String username, String password, long skewMs, long deviceTimeMs) {}

  private Document authorized(URI url, Auth auth, String body) throws OnvifException {
    String header = "";
    if (!auth.username().isEmpty()) {
      byte[] nonce = new byte[16];
      random.nextBytes(nonce);
      String created = CREATED.format(Instant.ofEpochMilli(clock.millis() + auth.skewMs()).atOffset(ZoneOffset.UTC));
      header = UsernameToken.header(auth.username(), auth.password(), nonce, created);
    }
    try {
      return call(url, header, body);
    } catch (OnvifException e) {
      if (e.kind() == Kind.UNAUTHORIZED && Math.abs(auth.skewMs()) > SKEW_THAT_MATTERS_MS) {
        throw new OnvifException(Kind.CLOCK_SKEW, "the device refused the password, and its clock is "
            + Math.round(auth.skewMs() / 1000.0) + " s off ours (it says " + Instant.ofEpochMilli(auth.deviceTimeMs())
            + "): set its time (NTP) and try again; a UsernameToken only holds with clocks within seconds");
      }
      throw e;
    }
  }

  /** One SOAP call; a fault or a refusal becomes a named {@link OnvifException}. */
  private Document call(URI url, String header, String body) throws OnvifException {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
        .header("Content-Type", "application/soap+xml; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(Soap.envelope(header, body), StandardCharsets.UTF_8)).build();
    HttpResponse<InputStream> r;
    byte[] bytes;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        bytes = in.readNBytes(SafeXml.MAX_BYTES + 1);
      }
    } catch (IOException e) {
      throw new OnvifException(Kind.UNREACHABLE, url + " did not answer: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OnvifException(Kind.UNREACHABLE, url + ": interrupted");
    }
    if (r.statusCode() == 401) throw new OnvifException(Kind.UNAUTHORIZED, "wrong user name or password (HTTP 401)");
    Document doc = SafeXml.parse(bytes);
    if (SafeXml.find(doc, "Envelope", "Body") == null) {
      throw new OnvifException(Kind.NOT_ONVIF, url + " answered XML that is not a SOAP envelope");
    }
    Element fault = SafeXml.find(doc, "Envelope", "Body", "Fault");
    if (fault != null) {
      String codes = SafeXml.all(fault, "Value").stream().map(e -> e.getTextContent().trim())
          .reduce((a, b) -> a + " " + b).orElse("");
      String reason = orEmpty(SafeXml.text(fault, "Reason", "Text"));
      if (codes.contains("NotAuthorized") || codes.contains("FailedAuthentication")) {
        throw new OnvifException(Kind.UNAUTHORIZED, "wrong user name or password (" + codes.trim() + ")");
      }
      throw new OnvifException(Kind.BAD_ANSWER, url + " answered a SOAP fault: " + codes.trim()
          + (reason.isEmpty() ? "" : " (" + reason + ")"));
    }
    if (r.statusCode() / 100 != 2) {
      throw new OnvifException(Kind.NOT_ONVIF, url + " answered HTTP " + r.statusCode());
    }
    return doc;
  }

  /** The device's UTC clock from GetSystemDateAndTime, or -1. */
  private static long utc(Document d) {
    Element t = SafeXml.find(d, "SystemDateAndTime", "UTCDateTime");
    if (t == null) return -1;
    try {
      return ZonedDateTime.of(number(SafeXml.text(t, "Date", "Year")), number(SafeXml.text(t, "Date", "Month")),
          number(SafeXml.text(t, "Date", "Day")), number(SafeXml.text(t, "Time", "Hour")),
          number(SafeXml.text(t, "Time", "Minute")), number(SafeXml.text(t, "Time", "Second")), 0, ZoneOffset.UTC)
          .toInstant().toEpochMilli();
    } catch (java.time.DateTimeException e) {
      return -1;
    }
  }

  /**
   * A service URL the device named, kept on the host Argus reached it at: devices behind NAT or
   * with several interfaces name addresses of their own, and following any host a device names
   * would let it point Argus anywhere.
   */
  static URI sameHostAs(URI device, String named) throws OnvifException {
    URI u;
    try {
      u = URI.create(named.trim());
    } catch (IllegalArgumentException e) {
      throw new OnvifException(Kind.BAD_ANSWER, "service address is not a URL: " + named);
    }
    if (u.getRawPath() == null || u.getRawPath().isEmpty()) {
      throw new OnvifException(Kind.BAD_ANSWER, "service address has no path: " + named);
    }
    return device.resolve(u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
  }

  private static int number(String s) {
    if (s == null) return 0;
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static double decimal(String s) {
    if (s == null) return 0;
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}

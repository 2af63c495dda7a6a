package io.argusvms.recording.rtsp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a session description (RFC 8866) a recorder needs: each media's payload type,
 * encoding, clock rate, control URL and format parameters. Pure.
 */
public record Sdp(String sessionControl, List<Media> media) {

  /**
   * @param fmtp the {@code a=fmtp} parameters of its payload type, by lower-case name
   */
  public record Media(String type, int payloadType, String encoding, int clockRate, String control,
      Map<String, String> fmtp) {}

  public static Sdp parse(String text) {
    String sessionControl = null;
    List<Media> media = new ArrayList<>();
    String type = null;
    int pt = -1;
    String encoding = "";
    int clock = 0;
    String control = null;
    Map<String, String> fmtp = new HashMap<>();
    for (String raw : text.split("\r?\n")) {
      String line = raw.trim();
      if (line.startsWith("m=")) {
        if (type != null) media.add(new Media(type, pt, encoding, clock, control, Map.copyOf(fmtp)));
        String[] f = line.substring(2).split(" ");
        type = f[0];
        pt = f.length > 3 ? parseInt(f[3], -1) : -1;
        encoding = "";
        clock = 0;
        control = null;
        fmtp = new HashMap<>();
      } else if (line.startsWith("a=control:")) {
        if (type == null) sessionControl = line.substring(10).trim();
        else control = line.substring(10).trim();
      } else if (type != null && line.startsWith("a=rtpmap:")) {
        String[] f = line.substring(9).split("[ /]");
        if (f.length >= 3 && parseInt(f[0], -2) == pt) {
          encoding = f[1].toUpperCase(Locale.ROOT);
          clock = parseInt(f[2], 0);
        }
      } else if (type != null && line.startsWith("a=fmtp:")) {
        int space = line.indexOf(' ');
        if (space > 0 && parseInt(line.substring(7, space), -2) == pt) {
          for (String p : line.substring(space + 1).split(";")) {
            int eq = p.indexOf('=');
            if (eq > 0) fmtp.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), p.substring(eq + 1).trim());
          }
        }
      }
    }
    if (type != null) media.add(new Media(type, pt, encoding, clock, control, Map.copyOf(fmtp)));
    return new Sdp(sessionControl, List.copyOf(media));
  }

  public Optional<Media> firstVideo() {
    return media.stream().filter(m -> m.type().equals("video")).findFirst();
  }

  /**
   * The URL a control attribute names (RFC 2326 C.1.1): absolute as it is, "*" or none the base
   * itself, otherwise relative to the base.
   */
  public static String resolve(String base, String control) {
    if (control == null || control.isEmpty() || control.equals("*")) return base;
    if (control.regionMatches(true, 0, "rtsp://", 0, 7) || control.regionMatches(true, 0, "rtsps://", 0, 8)) {
      return control;
    }
    return base.endsWith("/") ? base + control : base + "/" + control;
  }

  private static int parseInt(String s, int otherwise) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}

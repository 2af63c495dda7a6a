package io.argusvms.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.recording.CameraUrl;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.FailoverPriority;
import io.argusvms.system.ServiceException;
import java.util.Optional;
import java.util.Set;

/** Turns POST/PATCH camera bodies into a valid {@link CameraConfig} (pure; 400 names the field). */
final class CameraRequests {
  static final Set<String> FIELDS =
      Set.of("name", "url", "username", "password", "homeServerId", "failoverPriority", "recording", "standby");

  private CameraRequests() {}

  static CameraConfig create(ObjectNode body, String newId, String defaultHome) {
    JsonFields f = new JsonFields(body, FIELDS);
    String name = JsonFields.validName("name", f.string("name")
        .orElseThrow(() -> ServiceException.badRequest("name", "required")));
    String rawUrl = f.string("url").orElseThrow(() -> ServiceException.badRequest("url", "required"));
    Credentials c = credentials(f, url(rawUrl), null, null);
    FailoverPriority priority = priority(f).orElse(FailoverPriority.MEDIUM);
    return new CameraConfig(
        newId,
        name,
        c.url,
        c.username,
        c.password,
        f.string("homeServerId").orElse(defaultHome),
        priority,
        f.bool("recording").orElse(true),
        standby(f, priority, null));
  }

  /** Fields not in the body keep their value; credentials survive a URL change unless replaced. */
  static CameraConfig patch(CameraConfig current, ObjectNode body) {
    JsonFields f = new JsonFields(body, FIELDS);
    String name = f.string("name").map(n -> JsonFields.validName("name", n)).orElse(current.name());
    CameraUrl url = url(f.string("url").orElse(current.url()));
    Credentials c = credentials(f, url, current.username(), current.password());
    FailoverPriority priority = priority(f).orElse(current.failoverPriority());
    return new CameraConfig(
        current.id(),
        name,
        c.url,
        c.username,
        c.password,
        f.string("homeServerId").orElse(current.homeServerId()),
        priority,
        f.bool("recording").orElse(current.recording()),
        standby(f, priority, current.standby()));
  }

  static FailoverPriority parsePriority(String field, String raw) {
    return FailoverPriority.parse(raw)
        .orElseThrow(() -> ServiceException.badRequest(field, "must be one of high, medium, low, never"));
  }

  /** The one camera URL parser's verdict, as a 400 naming the field. */
  private static CameraUrl url(String raw) {
    try {
      return CameraUrl.parse(raw);
    } catch (IllegalArgumentException e) {
      throw ServiceException.badRequest("url", e.getMessage());
    }
  }

  private record Credentials(String url, String username, String password) {}

  private static Credentials credentials(JsonFields f, CameraUrl url, String oldUser, String oldPassword) {
    Optional<String> user = f.string("username");
    Optional<String> pass = f.string("password");
    if (url.hasCredentials()) {
      // Either in the URL or in the fields: two sources that could disagree are refused.
      if (user.isPresent() || pass.isPresent()) {
        throw ServiceException.badRequest(user.isPresent() ? "username" : "password",
            "credentials are already in the url; give them in one place only");
      }
      return new Credentials(url.url(), url.username(), url.password());
    }
    if (url.kind() == CameraUrl.Kind.DEMO && (user.isPresent() || pass.isPresent())) {
      throw ServiceException.badRequest(user.isPresent() ? "username" : "password", "a demo:// camera takes no credentials");
    }
    String u = user.map(String::strip).orElse(oldUser);
    String p = pass.orElse(oldPassword);
    if (u != null && u.isEmpty()) u = null;
    if (u == null && pass.isPresent() && !pass.get().isEmpty()) {
      throw ServiceException.badRequest("username", "required when a password is given");
    }
    return new Credentials(url.url(), u, u == null ? null : p);
  }

  /**
   * Absent: the stored choice (null: as the priority says). A standby exists to take over at a
   * failover, so asking for one on a camera that never fails over is refused, not ignored.
   */
  private static Boolean standby(JsonFields f, FailoverPriority priority, Boolean current) {
    Optional<Boolean> asked = f.bool("standby");
    if (asked.orElse(false) && priority == FailoverPriority.NEVER) {
      throw ServiceException.badRequest("standby", "a camera with failoverPriority never does not fail over, so it takes no standby");
    }
    return asked.orElse(current);
  }

  private static Optional<FailoverPriority> priority(JsonFields f) {
    return f.string("failoverPriority").map(p -> parsePriority("failoverPriority", p));
  }
}

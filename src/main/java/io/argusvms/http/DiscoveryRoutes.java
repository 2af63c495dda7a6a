package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.discovery.SeenSystem;
import io.argusvms.onvif.CameraDiscovery;
import io.argusvms.onvif.CameraInspection;
import io.argusvms.onvif.DeviceReport;
import io.argusvms.system.ServiceException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * GET /api/v1/discovery/systems: other Systems announced on the LAN ("Find System"); GET
 * /api/v1/discovery/cameras and POST .../probe: the ONVIF devices this server found; POST
 * /api/v1/discovery/cameras/inspect: what an ONVIF device is and streams.
 */
final class DiscoveryRoutes extends AllDirectives {
  private final Supplier<List<SeenSystem>> discovered;
  private final CameraInspection inspection;
  private final CameraDiscovery cameras;

  DiscoveryRoutes(Supplier<List<SeenSystem>> discovered, CameraInspection inspection, CameraDiscovery cameras) {
    this.discovered = discovered;
    this.inspection = inspection;
    this.cameras = cameras;
  }

  /** Mounted under /api/v1, after authentication. */
  Route route() {
    return concat(systems(),
        path(segment("discovery").slash("cameras"), () -> get(() ->
            onSuccess(cameras.systemWide(), found -> complete(Json.ok(CameraDiscovery.toJson(found)))))),
        path(segment("discovery").slash("cameras").slash("probe"), () -> post(() ->
            onSuccess(cameras.probeNow(), found -> complete(Json.ok(CameraDiscovery.toJson(found)))))),
        // What this server itself heard, for the other servers' lists (a server token reads it).
        path(segment("internal").slash("discovery").slash("cameras"), () -> get(() ->
            complete(Json.ok(CameraDiscovery.toJson(cameras.own()))))),
        path(segment("discovery").slash("cameras").slash("inspect"), () -> post(() ->
        JsonBody.text(text -> {
          JsonFields f = new JsonFields(Json.parseObject(text), Set.of("address", "username", "password"));
          String address = f.string("address").orElseThrow(() -> ServiceException.badRequest("address", "required"));
          return onSuccess(inspection.inspect(address, f.string("username").orElse(""), f.string("password").orElse("")),
              report -> complete(Json.ok(view(report))));
        }))));
  }

  private static ObjectNode view(DeviceReport r) {
    ObjectNode o = Json.object().put("manufacturer", r.manufacturer()).put("model", r.model())
        .put("firmware", r.firmware()).put("serial", r.serial()).put("hardwareId", r.hardwareId())
        .put("clockSkewMs", r.clockSkewMs());
    if (r.deviceTimeMs() >= 0) o.put("deviceTime", Instant.ofEpochMilli(r.deviceTimeMs()).toString());
    ArrayNode profiles = o.putArray("profiles");
    for (DeviceReport.Profile p : r.profiles()) {
      ObjectNode j = profiles.addObject().put("token", p.token()).put("name", p.name()).put("encoding", p.encoding())
          .put("width", p.width()).put("height", p.height()).put("frameRate", p.frameRate())
          .put("bitrateKbps", p.bitrateKbps()).put("streamUri", p.streamUri());
      if (p.snapshotUri() != null) j.put("snapshotUri", p.snapshotUri());
    }
    return o;
  }

  private Route systems() {
    return path(segment("discovery").slash("systems"), () -> get(() -> {
      ArrayNode a = Json.MAPPER.createArrayNode();
      for (SeenSystem s : discovered.get()) {
        ObjectNode o = a.addObject().put("systemId", s.systemId()).put("name", s.name()).put("version", s.version());
        s.urls().forEach(o.putArray("urls")::add);
      }
      return complete(Json.ok(a));
    }));
  }
}

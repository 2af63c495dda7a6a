package io.argusvms.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.camera.CameraService.CameraView;
import io.argusvms.playback.Period;
import io.argusvms.servers.ServerService.ServerView;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStandby;
import io.argusvms.system.CameraStatus;
import io.argusvms.system.ServerInfo;
import io.argusvms.system.StorageInfo;
import io.argusvms.system.SystemIdentity;
import java.util.List;

/**
 * The JSON shapes of API.md. Built by hand, not by reflection, so a renamed record field cannot
 * silently change the contract, and a camera password can never leak into a response.
 */
final class Views {
  private Views() {}

  static ObjectNode camera(CameraView v) {
    CameraConfig c = v.config();
    ObjectNode o = Json.object()
        .put("id", c.id())
        .put("name", c.name())
        .put("url", c.url())
        .put("homeServerId", c.homeServerId())
        .put("failoverPriority", c.failoverPriority().wireName())
        .put("recording", c.recording())
        .put("standby", c.wantsStandby());
    CameraStatus s = v.status();
    ObjectNode status = o.putObject("status");
    status.put("state", s.state()).put("serverId", s.serverId()).put("since", s.sinceMs());
    if (s.error() != null) status.put("error", s.error());
    CameraStandby standby = v.standby();
    if (standby != null) {
      ObjectNode sb = status.putObject("standby").put("serverId", standby.serverId()).put("warm", standby.warm())
          .put("since", standby.sinceMs());
      if (standby.error() != null) sb.put("error", standby.error());
    }
    return o;
  }

  static ArrayNode cameras(List<CameraView> views) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    views.forEach(v -> a.add(camera(v)));
    return a;
  }

  static ObjectNode server(ServerView v) {
    ServerInfo i = v.info();
    StorageInfo s = v.storage();
    ObjectNode o = Json.object()
        .put("id", i.id())
        .put("name", i.name())
        .put("url", i.url())
        .put("status", v.online() ? "online" : "offline")
        .put("failoverEnabled", i.failoverEnabled())
        .put("maxCameras", i.maxCameras())
        .put("maxStandbys", i.standbyRoom())
        .put("cameraCount", v.cameraCount());
    ObjectNode storage = o.putObject("storage");
    if (s != null) {
      storage.put("path", s.path()).put("totalBytes", s.totalBytes())
          .put("freeBytes", s.freeBytes()).put("writable", s.writable());
    }
    return o;
  }

  static ArrayNode servers(List<ServerView> views) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    views.forEach(v -> a.add(server(v)));
    return a;
  }

  static ObjectNode systemInfo(SystemIdentity id, String version) {
    return Json.object().put("systemId", id.systemId()).put("name", id.name()).put("version", version);
  }

  static ArrayNode periods(List<Period> periods) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    for (Period p : periods) {
      a.addObject().put("startMs", p.startMs()).put("endMs", p.endMs())
          .put("serverId", p.serverId()).put("available", p.available());
    }
    return a;
  }
}

package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.camera.CameraService;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.FailoverPriority;
import io.argusvms.system.ServiceException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** Camera CRUD and the bulk failover-priority change. */
final class CameraRoutes extends AllDirectives {
  private final CameraService cameras;

  CameraRoutes(CameraService cameras) {
    this.cameras = cameras;
  }

  Route route() {
    return concat(
        path("cameras", () -> concat(
            get(() -> complete(Json.ok(Views.cameras(cameras.cameras())))),
            post(() -> jsonBody(body -> {
              CameraConfig c = CameraRequests.create(Json.parseObject(body), UUID.randomUUID().toString(),
                  cameras.serverId());
              return completeWithFuture(Stored.answer(cameras.add(c), StatusCodes.CREATED, Views::camera,
                  () -> cameras.existing(c.id())));
            })))),
        path(segment("cameras").slash("failover-priority"), () -> post(() -> jsonBody(body -> {
          JsonFields f = new JsonFields(Json.parseObject(body), Set.of("cameraIds", "priority"));
          FailoverPriority p = CameraRequests.parsePriority("priority",
              f.string("priority").orElseThrow(() -> ServiceException.badRequest("priority", "required")));
          List<String> ids = cameraIds(f.node("cameraIds"));
          return onSuccess(cameras.setFailoverPriority(ids, p), changed -> complete(Json.ok(Views.cameras(changed))));
        }))),
        path(segment("cameras").slash(segment()), id -> concat(
            get(() -> complete(Json.ok(Views.camera(cameras.existing(id))))),
            patch(() -> jsonBody(body -> {
              CameraConfig updated = CameraRequests.patch(cameras.existing(id).config(), Json.parseObject(body));
              return completeWithFuture(Stored.answer(cameras.update(updated), StatusCodes.OK, Views::camera,
                  () -> cameras.existing(id)));
            })),
            delete(() -> onSuccess(cameras.remove(id), done -> complete(StatusCodes.NO_CONTENT))))));
  }

  private Route jsonBody(Function<String, Route> inner) {
    return JsonBody.text(inner);
  }

  /** A non-empty array of known camera ids; the first unknown one is a 404 (nothing is changed). */
  private List<String> cameraIds(JsonNode node) {
    if (node == null) throw ServiceException.badRequest("cameraIds", "required");
    if (!node.isArray() || node.isEmpty()) throw ServiceException.badRequest("cameraIds", "must be a non-empty array of ids");
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode n : node) {
      if (!n.isTextual()) throw ServiceException.badRequest("cameraIds", "must contain only strings");
      cameras.existing(n.textValue());
      ids.add(n.textValue());
    }
    return List.copyOf(ids);
  }
}

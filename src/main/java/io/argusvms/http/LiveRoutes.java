package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.argusvms.playback.LiveService;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * {@code GET /api/v1/cameras/{id}/live.fmp4} as a WebSocket: the camera's live stream as
 * fragmented MP4 ({@link LiveService}). The browser sends nothing; either side closing ends both.
 * Authenticated like the other media: a browser cannot put headers on a WebSocket, so the URL
 * carries a short-lived media token of this camera, never the login token.
 */
final class LiveRoutes extends AllDirectives {
  private final LiveService live;

  LiveRoutes(LiveService live) {
    this.live = live;
  }

  Route route() {
    return path(segment("cameras").slash(segment()).slash("live.fmp4"), id -> get(() ->
        optionalHeaderValueByName("Upgrade", upgrade -> {
          if (upgrade.isEmpty() || !upgrade.get().equalsIgnoreCase("websocket")) {
            return complete(Json.error(400, "bad_request", "Upgrade: this endpoint is a WebSocket "
                + "(fragmented MP4 of the live stream); connect with Upgrade: websocket."));
          }
          Flow<Message, Message, ?> flow = Flow.fromSinkAndSourceCoupled(Sink.ignore(), live.viewer(id));
          return handleWebSocketMessages(flow);
        })));
  }
}

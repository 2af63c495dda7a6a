package io.argusvms.http;

import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.util.ByteString;

/** GET /metrics: the features' figures and this server's HTTP figures, Prometheus text format. */
final class MetricsRoute extends AllDirectives {
  private final Supplier<String> features;
  private final HttpMetrics http;

  MetricsRoute(Supplier<String> features, HttpMetrics http) {
    this.features = features;
    this.http = http;
  }

  Route route() {
    return get(() -> {
      String backend = features.get();
      if (!backend.isEmpty() && !backend.endsWith("\n")) backend += "\n";
      return complete(HttpResponse.create().withEntity(HttpEntities.create(
          ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8"), ByteString.fromString(backend + http.render()))));
    });
  }
}

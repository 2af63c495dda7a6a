package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.argusvms.membership.Readiness;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The whole HTTP surface in one tree: public endpoints first, then everything behind
 * authentication; sealed so that every error, rejection and failure leaves as JSON.
 */
final class ApiRoutes extends AllDirectives {
  /** hls.js from its WebJar on the classpath: the web client needs no CDN and no Node build. */
  static final String HLS_JS = "META-INF/resources/webjars/hls.js/1.4.12/dist/hls.min.js";
  private final ApiContext ctx;
  private final ApiServices services;
  private final HttpMetrics metrics;

  ApiRoutes(ApiContext ctx, ApiServices services, HttpMetrics metrics) {
    this.ctx = ctx;
    this.services = services;
    this.metrics = metrics;
  }

  /**
   * What every response carries for browsers: no sniffing of content types, no framing by other
   * sites (clickjacking), no Referer (media URLs carry tokens), and a Content-Security-Policy that
   * lets only this server's own scripts run. connect-src stays open: the web client asks other
   * servers of the System whether they are up before it moves there.
   */
  static final List<HttpHeader> SECURITY_HEADERS = List.of(
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("X-Frame-Options", "DENY"),
      RawHeader.create("Referrer-Policy", "no-referrer"),
      RawHeader.create("Content-Security-Policy", "default-src 'self'; script-src 'self'; "
          + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; "
          + "worker-src 'self' blob:; connect-src * ws: wss:; object-src 'none'; base-uri 'none'; "
          + "form-action 'self'; frame-ancestors 'none'"));

  /** For the public health and identity: a web client on another server's page may read them. */
  private static final List<HttpHeader> ANY_ORIGIN = List.of(RawHeader.create("Access-Control-Allow-Origin", "*"));

  /** Request bodies are read whole (at most this much) before routing: see {@link #sealed}. */
  static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

  /**
   * The tree, every error as JSON, and each request's body read whole before any route looks at
   * it: a route that refuses a request early (404, 401) would otherwise answer while the client
   * still sends, and the connection is torn down under the answer (the client sees a reset, not
   * the 404). Bodies are small JSON documents; the largest, a System export, fits the limit.
   */
  Route sealed() {
    // Built once: a directive's inner route is a supplier called per request, and the tree holds
    // state that must outlive one (spent nonces of sealed calls).
    Route tree = tree().seal(ApiErrors.rejectionHandler(), ApiErrors.exceptionHandler());
    return respondWithHeaders(SECURITY_HEADERS, () -> toStrictEntity(Duration.ofSeconds(20), MAX_BODY_BYTES, () -> tree));
  }

  private Route tree() {
    ApiServices s = services;
    SealedCalls sealed = new SealedCalls(ctx, s.membership().challenges(), s.servers().serverId());
    Authentication auth = new Authentication(ctx, sealed);
    SystemRoutes system = new SystemRoutes(s.servers(), s.membership());
    ServerRoutes servers = new ServerRoutes(s.servers());
    CameraRoutes cameras = new CameraRoutes(s.cameras());
    ArchiveRoutes archive = new ArchiveRoutes(ctx, s.playback());
    LiveRoutes live = new LiveRoutes(s.live());
    InternalRoutes internal = new InternalRoutes(s.playback());
    AuthRoutes login = new AuthRoutes(ctx);
    JoinRoutes join = new JoinRoutes(ctx, s.membership());
    UserRoutes users = new UserRoutes(ctx);
    DiscoveryRoutes discovery = new DiscoveryRoutes(s.discovered(), s.inspection(), s.cameraDiscovery());
    MergeRoutes merge = new MergeRoutes(s.membership());
    MetricsRoute metricsRoute = new MetricsRoute(s.metrics(), metrics);
    SystemCors cors = new SystemCors(s.servers()::serverUrls);
    RotationRoutes rotation = new RotationRoutes(ctx, s.membership());
    return concat(
        pathSingleSlash(() -> get(() -> getFromResource("web/index.html", ContentTypes.TEXT_HTML_UTF8))),
        // The web client's modules and styles, and the one library it uses.
        pathPrefix("web", () -> get(() -> getFromResourceDirectory("web"))),
        path(segment("vendor").slash("hls.min.js"), () -> get(() -> getFromResource(HLS_JS))),
        path("metrics", () -> whenReady(() -> auth.authenticated(who -> metricsRoute.route()))),
        pathPrefix(segment("api").slash("v1"), () -> concat(
            // Public and harmless, so any origin may read them: a web client checks another
            // server's health and identity before it moves there ("Find System", reconnection).
            respondWithHeaders(ANY_ORIGIN, system::health),
            path("openapi.json", () -> get(() -> getFromResource("openapi.json", ContentTypes.APPLICATION_JSON))),
            whenReady(() -> concat(
            respondWithHeaders(ANY_ORIGIN, system::publicRoute),
            cors.route(() -> concat(
                login.route(),
                join.route(),
                auth.authenticated(who -> concat(
                    rotation.route(who),
                    system.route(),
                    servers.route(),
                    cameras.route(),
                    users.route(who),
                    discovery.route(),
                    merge.route(who),
                    archive.route(who),
                    live.route(),
                    internal.route())))))))));
  }

  /**
   * Everything that needs the System's database answers 503 with a reason and Retry-After until
   * this server holds it and is registered in it: a joining server must not answer 400 "no such
   * server" or 401 "wrong password" for a System it only half knows.
   */
  private Route whenReady(Supplier<Route> inner) {
    return services.membership().notReady()
        .map(reason -> complete(Json.error(503, "starting", reason + "; try again shortly")
            .addHeader(RawHeader.create("Retry-After", Long.toString(Readiness.RETRY_AFTER_S)))))
        .orElseGet(inner);
  }
}

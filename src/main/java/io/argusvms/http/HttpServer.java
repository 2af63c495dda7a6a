package io.argusvms.http;

import io.argusvms.users.UserService;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.japi.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the HTTP API. The caller owns the binding and ties it to the actor system's shutdown
 * ({@link #closeWithTheSystem}).
 */
public final class HttpServer {
  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
  private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /** How long a request already running when the server stops may still take (a live stream is cut then). */
  static final Duration OPEN_REQUESTS_DEADLINE = Duration.ofSeconds(3);

  private HttpServer() {}

  /**
   * At the actor system's shutdown: stops accepting connections, then closes the open ones, idle
   * keep-alive connections at once and busy ones after {@link #OPEN_REQUESTS_DEADLINE}. Unbinding
   * alone left a client's keep-alive connection answered by the old actor system for as long as it
   * lived: when its remoting hangs in shutdown (Main.awaitTermination) and the server restarts in
   * the same process, that was for ever, and its health said "not up in its cluster yet" from a
   * frozen System database while the new one was up (CI, ThreeServerFailoverSystemTest).
   */
  public static void closeWithTheSystem(ServerBinding binding, ActorSystem<?> system) {
    binding.addToCoordinatedShutdown(OPEN_REQUESTS_DEADLINE, system);
  }

  /** Tokens signed with the System's secret, valid for {@code settings}' time to live. */
  public static AuthTokens tokens(UserService users, HttpSettings settings, Clock clock) {
    return new AuthTokens(users::tokenSecret, clock, settings.tokenTtl());
  }

  /** @param clock token expiry and lockout (tests inject one) */
  public static CompletionStage<ServerBinding> start(
      ActorSystem<?> system, ApiServices services, AuthTokens tokens, HttpSettings settings, Clock clock) {
    ApiContext ctx = new ApiContext(system, services.users(), tokens, clock,
        system.dispatchers().lookup(DispatcherSelector.blocking()),
        new LoginThrottle(settings.lockout(), clock));
    HttpMetrics metrics = new HttpMetrics();
    Function<HttpRequest, CompletionStage<HttpResponse>> handler =
        measured(new ApiRoutes(ctx, services, metrics).sealed().handler(system), metrics);
    return Http.get(system).newServerAt(settings.host(), settings.port()).withSettings(serverSettings(system)).bind(handler)
        .whenComplete((binding, error) -> {
          if (error != null) log.error("HTTP API could not bind {}:{}: {}", settings.host(), settings.port(), error.toString());
          else log.info("HTTP API listening on http://{}", hostPort(binding));
        });
  }

  /**
   * No {@code Server: pekko-http/x.y} (it tells an attacker what to look up), and no "Illegal
   * header" warnings: Pekko logs the whole value of a header it cannot parse, and our sealed
   * Authorization schemes (Argus-Sealed, Argus-System) are such headers: a credential in the log.
   */
  static ServerSettings serverSettings(ActorSystem<?> system) {
    ServerSettings defaults = ServerSettings.create(system.classicSystem());
    return defaults.withServerHeader(Optional.empty())
        .withParsingErrorHandler(JsonParsingErrors.class.getName())
        .withParserSettings(defaults.getParserSettings().withIllegalHeaderWarnings(false));
  }

  private static Function<HttpRequest, CompletionStage<HttpResponse>> measured(
      Function<HttpRequest, CompletionStage<HttpResponse>> inner, HttpMetrics metrics) {
    return request -> {
      long start = System.nanoTime();
      String method = KNOWN_METHODS.contains(request.method().value()) ? request.method().value() : "OTHER";
      return inner.apply(request).thenApply(response -> {
        metrics.record(method, response.status().intValue(), System.nanoTime() - start);
        return response;
      });
    };
  }

  private static String hostPort(ServerBinding binding) {
    return binding.localAddress().getHostString() + ":" + binding.localAddress().getPort();
  }
}

package io.argusvms.http;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The API answers the web client of any server of the same System, across origins: when the
 * server that served the page stops answering, the page carries on against another server of the
 * System without reloading (a reload would need its login handed over in the URL, and a link
 * could then log a browser in as whoever made it). Only origins that are the URL of one of the
 * System's servers are allowed; requests carry the login token in a header, never a cookie, so
 * no credentials mode is involved.
 */
final class SystemCors extends AllDirectives {
  private static final List<HttpHeader> PREFLIGHT = List.of(
      RawHeader.create("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE"),
      RawHeader.create("Access-Control-Allow-Headers", "Authorization, Content-Type, Range"),
      RawHeader.create("Access-Control-Max-Age", "600"));

  private final Supplier<Collection<String>> serverUrls;

  /** @param serverUrls the HTTP base URLs of the System's servers now */
  SystemCors(Supplier<Collection<String>> serverUrls) {
    this.serverUrls = serverUrls;
  }

  Route route(Supplier<Route> inner) {
    return optionalHeaderValueByName("Origin", origin -> {
      Optional<String> allowed = origin.filter(o -> isServerOf(o, serverUrls.get()));
      if (allowed.isEmpty()) return inner.get();
      List<HttpHeader> headers = List.of(RawHeader.create("Access-Control-Allow-Origin", allowed.get()),
          RawHeader.create("Vary", "Origin"));
      return respondWithHeaders(headers, () -> concat(
          options(() -> complete(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT).addHeaders(PREFLIGHT))),
          inner.get()));
    });
  }

  /** True when {@code origin} (scheme://host[:port]) is where one of these servers answers. */
  static boolean isServerOf(String origin, Collection<String> serverUrls) {
    Optional<String> o = normalized(origin);
    return o.isPresent() && serverUrls.stream().map(SystemCors::normalized).anyMatch(o::equals);
  }

  private static Optional<String> normalized(String url) {
    try {
      URI u = URI.create(url.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) return Optional.empty();
      int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
      return Optional.of(scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}

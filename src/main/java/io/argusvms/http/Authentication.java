package io.argusvms.http;

import io.argusvms.join.SealedSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Who is calling, and may they: a Bearer token, HTTP Basic, a sealed server-to-server session
 * ({@link SealedCalls}), or (for GET only, so an HLS player or a {@code <video>} element can fetch
 * media) a {@code ?token=} query parameter. Viewers may read;
 * anything that changes the System needs an admin.
 */
final class Authentication extends AllDirectives {
  private final ApiContext ctx;
  private final SealedCalls sealed;

  Authentication(ApiContext ctx, SealedCalls sealed) {
    this.ctx = ctx;
    this.sealed = sealed;
  }

  Route authenticated(Function<Principal, Route> inner) {
    return extractRequest(request -> parameterOptional("token", queryToken -> {
      Optional<String[]> basic = basicCredentials(request);
      if (basic.isPresent()) {
        String user = basic.get()[0];
        Duration locked = ctx.throttle().begin(user);
        if (!locked.isZero()) return complete(AuthRoutes.locked(user, locked));
        return onSuccess(AuthRoutes.checkCounted(ctx, user, basic.get()[1]), role -> role.isEmpty()
            ? complete(unauthorized())
            : authorized(request, new Principal(user, role.get()), inner));
      }
      Optional<String> header = request.getHeader("Authorization").map(h -> h.value().strip());
      if (header.isPresent() && SealedSession.isSealed(header.get())) return sealedCall(request, header.get(), inner);
      Optional<AuthTokens.Claims> caller = identify(request, queryToken);
      if (caller.isEmpty()) return complete(unauthorized());
      AuthTokens.Claims c = caller.get();
      if (c.who().username().startsWith(AuthTokens.SERVER_PREFIX) && !isServerRead(request)) {
        return complete(Json.error(403, "forbidden", "A token servers mint for each other reads archives only (and relays live streams)."));
      }
      if (!c.mediaOf().isEmpty() && !isMediaRead(request, c.mediaOf())) {
        return complete(Json.error(403, "forbidden", "A media token reads the playlists, chunks, exports, "
            + "snapshots and live stream of its camera only."));
      }
      return authorized(request, c.who(), inner);
    }));
  }

  /**
   * A sealed call: only on the internal System routes it exists for (it carries no user's token,
   * and the System's secret must not open the whole API), verified once against this request's
   * method, path and body, its session handed on as {@link SealedCalls#VERIFIED}.
   */
  private Route sealedCall(HttpRequest request, String header, Function<Principal, Route> inner) {
    String path = request.getUri().path();
    if (!path.startsWith(SealedCalls.PATH_PREFIX)) {
      return complete(Json.error(401, "unauthorized", "Sealed calls (Argus-Sealed, Argus-System) are accepted on "
          + SealedCalls.PATH_PREFIX + "* only."));
    }
    byte[] body = request.entity() instanceof HttpEntity.Strict strict ? strict.getData().toArray() : new byte[0];
    Optional<SealedCalls.Verified> verified =
        sealed.verify(header, new SealedSession.Call(request.method().value(), path, body));
    if (verified.isEmpty()) return complete(unauthorized());
    return mapRequest(r -> r.addAttribute(SealedCalls.VERIFIED, verified.get()),
        () -> authorized(request, verified.get().who(), inner));
  }

  private Route authorized(HttpRequest request, Principal p, Function<Principal, Route> inner) {
    if (!isRead(request) && !p.isAdmin()) {
      return complete(Json.error(403, "forbidden", "Only an administrator may change this; '"
          + p.username() + "' is a " + p.role() + "."));
    }
    return inner.apply(p);
  }

  private Optional<AuthTokens.Claims> identify(HttpRequest request, Optional<String> queryToken) {
    Optional<String> header = request.getHeader("Authorization").map(h -> h.value().strip());
    if (header.isPresent()) {
      String h = header.get();
      if (h.regionMatches(true, 0, "Bearer ", 0, 7)) return current(ctx.tokens().claims(h.substring(7).strip()));
      return Optional.empty();
    }
    if (queryToken.isPresent() && isRead(request)) return current(ctx.tokens().claims(queryToken.get()));
    return Optional.empty();
  }

  /**
   * A user's token holds only while the user exists with the same password, and carries the
   * user's current role: removing a user, demoting one or changing a password acts at once on
   * every server, not when old tokens expire.
   */
  private Optional<AuthTokens.Claims> current(Optional<AuthTokens.Claims> claims) {
    if (claims.isEmpty()) return Optional.empty();
    AuthTokens.Claims c = claims.get();
    if (c.server()) return Optional.of(c); // minted by a server of this System, for archive reads
    // A user's token names an existing user and carries that user's current credential tag; one
    // without a tag was not issued to a user (a forged or leaked secret must not mint admins).
    if (c.credentialTag().isEmpty()) return Optional.empty();
    return ctx.users().record(c.who().username())
        .filter(u -> AuthTokens.credentialTag(u.passwordHash()).equals(c.credentialTag()))
        .map(u -> c.as(new Principal(u.username(), u.role())));
  }

  /** User name and password of an HTTP Basic header (empty for anything else). */
  private static Optional<String[]> basicCredentials(HttpRequest request) {
    Optional<String> header = request.getHeader("Authorization").map(h -> h.value().strip());
    if (header.isEmpty() || !header.get().regionMatches(true, 0, "Basic ", 0, 6)) return Optional.empty();
    String encoded = header.get().substring(6).strip();
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) return Optional.empty();
    return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
  }

  /** What a media token may read: its camera's playlists, chunks, exports and snapshots. */
  private static boolean isMediaRead(HttpRequest request, String cameraId) {
    String prefix = "/api/v1/cameras/" + cameraId + "/";
    String path = request.getUri().path();
    if (!isRead(request) || !path.startsWith(prefix)) return false;
    String rest = path.substring(prefix.length());
    return rest.equals("live.m3u8") || rest.equals("archive.m3u8") || rest.equals("export.mp4")
        || rest.equals("snapshot.jpg") || rest.equals("live.fmp4") || rest.matches("chunks/[^/]+\\.ts");
  }

  /**
   * What one server reads of another: its own chunk lists and periods, chunk media, the live
   * stream of a camera it records (relayed to a viewer of the other server), and the ONVIF devices
   * it found (for the System's list).
   */
  private static boolean isServerRead(HttpRequest request) {
    String path = request.getUri().path();
    return isRead(request) && (path.startsWith("/api/v1/internal/cameras/")
        || path.equals("/api/v1/internal/discovery/cameras")
        || path.matches("/api/v1/cameras/[^/]+/chunks/[^/]+\\.ts")
        || path.matches("/api/v1/cameras/[^/]+/live\\.fmp4"));
  }

  private static boolean isRead(HttpRequest request) {
    return request.method().equals(HttpMethods.GET) || request.method().equals(HttpMethods.HEAD);
  }

  private static HttpResponse unauthorized() {
    // Bearer, not Basic: a Basic challenge would make browsers pop a login dialog over the web client.
    return Json.error(401, "unauthorized",
            "Log in: POST /api/v1/login, then send 'Authorization: Bearer <token>' (or use HTTP Basic).")
        .addHeaders(List.of(RawHeader.create("WWW-Authenticate", "Bearer realm=\"argus\"")));
  }
}

package io.argusvms.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.system.ServiceException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * POST /api/v1/login: a user name and password in, a signed token and its expiry out. Wrong
 * passwords are answered ever later and then lock the name ({@link LoginThrottle}).
 */
final class AuthRoutes extends AllDirectives {
  /** A login body is a name and a password: anything much larger is not one (413). */
  static final long MAX_BODY_BYTES = 4096;
  static final int MAX_PASSWORD = 1024;
  private final ApiContext ctx;

  AuthRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  /** Mounted under /api/v1. */
  Route route() {
    // Its own rejections answer here (a body over the limit is a 413), not fall through to the
    // authenticated routes as a 401.
    return path("login", () -> handleRejections(ApiErrors.rejectionHandler(), () -> post(() ->
        withSizeLimit(MAX_BODY_BYTES, () -> JsonBody.text(body -> {
      JsonFields f = new JsonFields(Json.parseObject(body), Set.of("username", "password"));
      String user = f.string("username").orElseThrow(() -> ServiceException.badRequest("username", "required"));
      String password = f.string("password").orElseThrow(() -> ServiceException.badRequest("password", "required"));
      // No user has a longer name (UserRoutes), and every name tried is kept a while by the throttle.
      if (user.length() > UserRoutes.MAX_NAME) throw ServiceException.badRequest("username", "at most " + UserRoutes.MAX_NAME + " characters");
      if (password.length() > MAX_PASSWORD) throw ServiceException.badRequest("password", "at most " + MAX_PASSWORD + " characters");
      Duration locked = ctx.throttle().begin(user);
      if (!locked.isZero()) return complete(locked(user, locked));
      return onSuccess(checkCounted(ctx, user, password), role -> {
        if (role.isEmpty()) {
          return complete(Json.error(401, "bad_credentials", "Wrong user name or password."));
        }
        AuthTokens.Issued t = ctx.issueToken(new Principal(user, role.get()));
        ObjectNode out = Json.object().put("token", t.token()).put("expiresAt", t.expiresAtMs())
            .put("username", user).put("role", role.get());
        return complete(Json.ok(out));
      });
    })))));
  }

  /**
   * Checks a password whose attempt the throttle has counted ({@link LoginThrottle#begin}), off the
   * HTTP threads; a wrong one completes only after the throttle's delay.
   */
  static CompletionStage<Optional<String>> checkCounted(ApiContext ctx, String user, String password) {
    return ctx.blocking(() -> ctx.users().checkPassword(user, password)).thenCompose(role -> {
      if (role.isPresent()) {
        ctx.throttle().succeeded(user);
        return CompletableFuture.completedFuture(role);
      }
      return afterFailure(ctx, user, role);
    });
  }

  /** Counts a wrong password (or proof) for the name; {@code answer} completes after the throttle's delay. */
  static <T> CompletionStage<T> afterFailure(ApiContext ctx, String user, T answer) {
    Duration delay = ctx.throttle().failed(user);
    if (delay.isZero()) return CompletableFuture.completedFuture(answer);
    return CompletableFuture.supplyAsync(() -> answer,
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, ctx.blocking()));
  }

  static HttpResponse locked(String user, Duration remaining) {
    long seconds = Math.max(1, (remaining.toMillis() + 999) / 1000);
    return Json.error(429, "locked", "Too many wrong passwords for '" + user + "': try again in " + seconds + " s.")
        .addHeaders(List.of(RawHeader.create("Retry-After", Long.toString(seconds))));
  }
}

package io.argusvms.http;

import io.argusvms.users.UserService;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What every route needs besides its services: the token issuer (and the users its tokens are
 * bound to), the login throttle, the clock, and an executor for blocking work (catalog reads, file
 * I/O, password hashing), which must never run on Pekko's default dispatcher.
 */
record ApiContext(
    ActorSystem<?> system, UserService users, AuthTokens tokens, Clock clock, Executor blocking,
    LoginThrottle throttle) {

  /** A token for a user, bound to the user's current password (plain for server principals). */
  AuthTokens.Issued issueToken(Principal who) {
    return tokens.issue(who, users.record(who.username())
        .map(u -> AuthTokens.credentialTag(u.passwordHash())).orElse(""));
  }

  /** A read-only token for one camera's media ({@link AuthTokens#media}). */
  AuthTokens.Issued issueMediaToken(Principal who, String cameraId, Duration playing) {
    return tokens.media(who, users.record(who.username())
        .map(u -> AuthTokens.credentialTag(u.passwordHash())).orElse(""), cameraId, playing);
  }

  <T> CompletionStage<T> blocking(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, blocking);
  }
}

package io.argusvms.http;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What every route needs: the backend, the token issuer, the clock, and an executor for blocking
 * work (catalog reads, file I/O), which must never run on Pekko's default dispatcher.
 */
record ApiContext(
    ActorSystem<?> system, ArgusBackend backend, AuthTokens tokens, Clock clock, Executor blocking,
    LoginThrottle throttle) {

  /** A token for a user, bound to the user's current password (plain for server principals). */
  AuthTokens.Issued issueToken(Principal who) {
    return tokens.issue(who, backend.userRecord(who.username())
        .map(u -> AuthTokens.credentialTag(u.passwordHash())).orElse(""));
  }

  <T> CompletionStage<T> blocking(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, blocking);
  }
}

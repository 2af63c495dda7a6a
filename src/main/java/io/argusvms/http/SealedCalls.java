package io.argusvms.http;

import io.argusvms.join.JoinChallenges;
import io.argusvms.join.OnceOnly;
import io.argusvms.join.SealedSession;
import io.argusvms.system.PasswordHasher;
import io.argusvms.system.UserRecord;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.AttributeKey;

/**
 * The answering side of sealed server-to-server calls ({@link SealedSession}): verifies an
 * {@code Argus-Sealed} header against the user's stored key and a nonce this server issued, or
 * an {@code Argus-System} header against the System's token secret; either bound to the request
 * it came with, and good for that one request only.
 */
final class SealedCalls {
  private final ApiContext ctx;
  private final JoinChallenges challenges;
  private final OnceOnly spentSystemNonces;
  private final String serverId;

  /** @param serverId this server's id: an {@code Argus-System} call names the server it is for */
  SealedCalls(ApiContext ctx, JoinChallenges challenges, String serverId) {
    this.ctx = ctx;
    this.serverId = serverId;
    this.challenges = challenges;
    this.spentSystemNonces = new OnceOnly(ctx.clock());
  }

  /** The routes sealed calls are for: a merge's export, import, cluster key and leave. */
  static final String PATH_PREFIX = "/api/v1/internal/system/";

  /** Who calls, and the session to open and seal bodies with. */
  record Verified(Principal who, SealedSession session) {}

  /** Where {@link Authentication} leaves a verified sealed call for the routes. */
  static final AttributeKey<Verified> VERIFIED = AttributeKey.create("argus-sealed-call", Verified.class);

  Optional<Verified> verify(String authorization, SealedSession.Call call) {
    Optional<SealedSession.Claim> claim = SealedSession.parse(authorization);
    if (claim.isEmpty()) return Optional.empty();
    SealedSession.Claim c = claim.get();
    if (c.scheme().equals(SealedSession.SYSTEM_SCHEME)) {
      long now = ctx.clock().millis();
      return SealedSession.verifySystem(c, call, ctx.users().tokenSecret(), now, serverId)
          .filter(s -> spentSystemNonces.spend(c.nonce(), SealedSession.systemNonceExpiry(c.nonce(), now).orElse(now)))
          .map(s -> new Verified(new Principal("system", Principal.ADMIN), s));
    }
    if (!challenges.valid(c.nonce(), c.username())) return Optional.empty();
    // A locked name stays locked here too, or sealed calls would be a way around the lockout.
    if (!ctx.throttle().begin(c.username()).isZero()) return Optional.empty();
    Optional<UserRecord> user = ctx.users().record(c.username());
    Optional<SealedSession> session = user.flatMap(u -> PasswordHasher.parse(u.passwordHash()))
        .flatMap(p -> SealedSession.verifyUser(c, call, p.storedKey()));
    if (session.isEmpty()) {
      ctx.throttle().failed(c.username());
      return Optional.empty();
    }
    // A copy of a call that was answered: refused, neither a sign-in nor a guess.
    if (!challenges.redeem(c.nonce(), c.username())) {
      ctx.throttle().notAGuess(c.username());
      return Optional.empty();
    }
    ctx.throttle().succeeded(c.username());
    return Optional.of(new Verified(new Principal(c.username(), user.get().role()), session.get()));
  }
}

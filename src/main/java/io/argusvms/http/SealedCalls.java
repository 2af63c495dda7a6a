package io.argusvms.http;

import io.argusvms.join.JoinChallenges;
import io.argusvms.join.SealedSession;
import io.argusvms.system.PasswordHasher;
import io.argusvms.system.UserRecord;
import java.util.Optional;

/**
 * The answering side of sealed server-to-server calls ({@link SealedSession}): verifies an
 * {@code Argus-Sealed} header against the user's stored password key and a nonce this System
 * issued, or an {@code Argus-System} header against the System's token secret.
 */
final class SealedCalls {
  private final ApiContext ctx;
  private final JoinChallenges challenges;

  SealedCalls(ApiContext ctx, JoinChallenges challenges) {
    this.ctx = ctx;
    this.challenges = challenges;
  }

  /** Who calls, and the session to open and seal bodies with. */
  record Verified(Principal who, SealedSession session) {}

  Optional<Verified> verify(String authorization) {
    Optional<SealedSession.Claim> claim = SealedSession.parse(authorization);
    if (claim.isEmpty()) return Optional.empty();
    SealedSession.Claim c = claim.get();
    if (c.scheme().equals(SealedSession.SYSTEM_SCHEME)) {
      return SealedSession.verifySystem(c, ctx.users().tokenSecret(), ctx.clock().millis())
          .map(s -> new Verified(new Principal("system", Principal.ADMIN), s));
    }
    if (!challenges.valid(c.nonce(), c.username())) return Optional.empty();
    // A locked name stays locked here too, or sealed calls would be a way around the lockout.
    if (!ctx.throttle().begin(c.username()).isZero()) return Optional.empty();
    Optional<UserRecord> user = ctx.users().record(c.username());
    Optional<SealedSession> session = user.flatMap(u -> PasswordHasher.parse(u.passwordHash()))
        .flatMap(p -> SealedSession.verifyUser(c, p.hash()));
    if (session.isEmpty()) {
      ctx.throttle().failed(c.username());
      return Optional.empty();
    }
    ctx.throttle().succeeded(c.username());
    return Optional.of(new Verified(new Principal(c.username(), user.get().role()), session.get()));
  }
}

package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.argusvms.membership.MembershipService;
import io.argusvms.system.ServiceException;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Joining this System with an administrator's password ({@code JoinCrypto}):
 * {@code GET /api/v1/system/join?username=} answers salt, iteration count and nonce;
 * {@code POST /api/v1/system/join {"username","nonce","proof"}} answers the grant (identity, seeds,
 * cluster key) sealed under the password. Public: the proof is the authentication. Wrong proofs
 * count against the name like wrong passwords ({@link LoginThrottle}).
 */
final class JoinRoutes extends AllDirectives {
  private final ApiContext ctx;
  private final MembershipService membership;

  JoinRoutes(ApiContext ctx, MembershipService membership) {
    this.ctx = ctx;
    this.membership = membership;
  }

  /** Mounted under /api/v1, before authentication. */
  Route route() {
    return path(segment("system").slash("join"), () -> concat(
        get(() -> parameterOptional("username", user -> {
          String name = user.filter(u -> !u.isBlank())
              .orElseThrow(() -> ServiceException.badRequest("username", "required (the administrator to join as)"));
          MembershipService.Challenge c = membership.challenge(name);
          return complete(Json.ok(Json.object().put("username", name)
              .put("salt", Base64.getEncoder().encodeToString(c.salt()))
              .put("iterations", c.iterations()).put("nonce", c.nonce()).put("systemId", c.systemId())));
        })),
        post(() -> JsonBody.text(body -> {
          JsonFields f = new JsonFields(Json.parseObject(body), Set.of("username", "nonce", "proof"));
          String user = f.string("username").orElseThrow(() -> ServiceException.badRequest("username", "required"));
          String nonce = f.string("nonce").orElseThrow(() -> ServiceException.badRequest("nonce", "required"));
          byte[] proof = f.string("proof").map(JoinRoutes::base64)
              .orElseThrow(() -> ServiceException.badRequest("proof", "required, Base64"));
          if (!membership.challenges().valid(nonce, user)) throw badNonce(user);
          Duration locked = ctx.throttle().begin(user);
          if (!locked.isZero()) return complete(AuthRoutes.locked(user, locked));
          MembershipService.JoinAnswer answer = membership.answerJoin(user, nonce, proof);
          return switch (answer.verdict()) {
            case BAD_NONCE -> {
              ctx.throttle().notAGuess(user); // the nonce expired meanwhile, or a copy of an answered join
              throw badNonce(user);
            }
            case WRONG_PROOF -> wrongPassword(user);
            case NOT_ADMIN -> {
              ctx.throttle().succeeded(user);
              yield complete(Json.error(403, "forbidden", "'" + user + "' is not an administrator of this System."));
            }
            case GRANTED -> {
              ctx.throttle().succeeded(user);
              yield complete(Json.ok(Json.object().put("sealed",
                  Base64.getEncoder().encodeToString(answer.sealedGrant()))));
            }
          };
        }))));
  }

  private static ServiceException badNonce(String user) {
    return ServiceException.badRequest("nonce", "expired or not issued by this System for '" + user
        + "': GET /api/v1/system/join again");
  }

  /** 401, answered after the throttle's delay, like a wrong password at login. */
  private Route wrongPassword(String user) {
    return onSuccess(AuthRoutes.afterFailure(ctx, user, Json.error(401, "bad_credentials", "Wrong user name or password.")),
        this::complete);
  }

  private static byte[] base64(String s) {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw ServiceException.badRequest("proof", "must be Base64");
    }
  }
}

package io.argusvms.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.argusvms.join.JoinChallenges;
import io.argusvms.join.JoinCrypto;
import io.argusvms.system.PasswordHasher;
import io.argusvms.system.UserRecord;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * Joining this System with an administrator's password ({@link io.argusvms.join.JoinCrypto}):
 * {@code GET /api/v1/system/join?username=} answers salt, iteration count and nonce;
 * {@code POST /api/v1/system/join {"username","nonce","proof"}} answers the grant (identity, seeds,
 * cluster key) sealed under the password. Public: the proof is the authentication. Wrong proofs
 * count against the name like wrong passwords ({@link LoginThrottle}).
 */
final class JoinRoutes extends AllDirectives {
  private final ApiContext ctx;
  private final JoinChallenges challenges;

  JoinRoutes(ApiContext ctx, JoinChallenges challenges) {
    this.ctx = ctx;
    this.challenges = challenges;
  }

  /** Mounted under /api/v1, before authentication. */
  Route route() {
    return path(segment("system").slash("join"), () -> concat(
        get(() -> parameterOptional("username", user -> {
          String name = user.filter(u -> !u.isBlank())
              .orElseThrow(() -> ApiException.badRequest("username", "required (the administrator to join as)"));
          Optional<PasswordHasher.Parsed> hash = ctx.backend().userRecord(name)
              .flatMap(u -> PasswordHasher.parse(u.passwordHash()));
          byte[] salt = hash.map(PasswordHasher.Parsed::salt).orElseGet(() -> challenges.decoySalt(name));
          int iterations = hash.map(PasswordHasher.Parsed::iterations).orElse(PasswordHasher.ITERATIONS);
          return complete(Json.ok(Json.object().put("username", name).put("salt", Base64.getEncoder().encodeToString(salt))
              .put("iterations", iterations).put("nonce", challenges.issue(name))
              .put("systemId", ctx.backend().identity().systemId())));
        })),
        post(() -> entity(Unmarshaller.entityToString(), body -> {
          JsonFields f = new JsonFields(Json.parseObject(body), Set.of("username", "nonce", "proof"));
          String user = f.string("username").orElseThrow(() -> ApiException.badRequest("username", "required"));
          String nonce = f.string("nonce").orElseThrow(() -> ApiException.badRequest("nonce", "required"));
          byte[] proof = f.string("proof").map(JoinRoutes::base64)
              .orElseThrow(() -> ApiException.badRequest("proof", "required, Base64"));
          if (!challenges.valid(nonce, user)) {
            throw ApiException.badRequest("nonce", "expired or not issued by this System for '" + user
                + "': GET /api/v1/system/join again");
          }
          Duration locked = ctx.throttle().lockedFor(user);
          if (!locked.isZero()) return complete(AuthRoutes.locked(user, locked));
          Optional<UserRecord> record = ctx.backend().userRecord(user);
          Optional<byte[]> key = record.flatMap(u -> PasswordHasher.parse(u.passwordHash())).map(PasswordHasher.Parsed::hash);
          if (key.isEmpty() || !JoinCrypto.proofMatches(key.get(), nonce, proof)) return wrongPassword(user);
          ctx.throttle().succeeded(user);
          if (!UserRecord.ADMIN.equals(record.get().role())) {
            return complete(Json.error(403, "forbidden", "'" + user + "' is not an administrator of this System."));
          }
          byte[] sealed = JoinCrypto.seal(key.get(), nonce, ctx.backend().joinGrant().toBytes());
          return complete(Json.ok(Json.object().put("sealed", Base64.getEncoder().encodeToString(sealed))));
        }))));
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
      throw ApiException.badRequest("proof", "must be Base64");
    }
  }
}

package io.argusvms.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless login tokens: {@code base64url(payload).base64url(HMAC-SHA256(payload))} where the
 * payload is {@code {"u":user,"r":role,"exp":epochMs,"c":credentialTag}}. Signed with the System's
 * shared secret, so any server of the System validates a token another server issued, without
 * asking anyone. The credential tag names the user's password hash at issue time: a token whose
 * user was removed, or whose password changed since, is refused ({@link Authentication}); tokens
 * servers mint for each other have none.
 */
public final class AuthTokens {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final Supplier<byte[]> secret;
  private final Clock clock;
  private final Duration ttl;

  public AuthTokens(byte[] secret, Clock clock, Duration ttl) {
    this(constant(secret), clock, ttl);
  }

  /**
   * @param secret read on every use: the System's secret arrives with the replicated database
   *     after the HTTP server is up, and changes when Systems merge
   */
  public AuthTokens(Supplier<byte[]> secret, Clock clock, Duration ttl) {
    this.secret = secret;
    this.clock = clock;
    this.ttl = ttl;
  }

  private static Supplier<byte[]> constant(byte[] secret) {
    if (secret == null || secret.length == 0) throw new IllegalArgumentException("empty token secret");
    byte[] copy = secret.clone();
    return () -> copy;
  }

  /** A token issued now, and when it expires (epoch ms). */
  public record Issued(String token, long expiresAtMs) {}

  public Issued issue(Principal who) {
    return issue(who, "");
  }

  /** How long a token one server mints for another lives: it is minted for each call. */
  static final Duration SERVER_TOKEN_TTL = Duration.ofSeconds(60);

  /**
   * Mints tokens other servers of the System accept for this server's reads of their archive
   * (playback federation): short-lived, and good only for those reads ({@link Authentication}).
   */
  public Supplier<String> serverToken(String serverId) {
    return () -> {
      long exp = clock.millis() + SERVER_TOKEN_TTL.toMillis();
      return signed(Json.object().put("u", SERVER_PREFIX + serverId).put("r", Principal.VIEWER).put("exp", exp)
          .put("s", true));
    };
  }

  /** User names cannot hold ':' (UserRoutes), so this prefix names servers only. */
  static final String SERVER_PREFIX = "server:";

  /** A token bound to the user's current password hash (see {@link #credentialTag}). */
  public Issued issue(Principal who, String credentialTag) {
    long exp = clock.millis() + ttl.toMillis();
    var json = Json.object().put("u", who.username()).put("r", who.role()).put("exp", exp);
    if (!credentialTag.isEmpty()) json.put("c", credentialTag);
    return new Issued(signed(json), exp);
  }

  /**
   * How long a media token lives beyond the media it was minted for: a live playlist is fetched
   * again every few seconds (each answer mints new ones), an archive playlist once (its tokens
   * live this long past the span it lists, {@link #media}).
   */
  public static final Duration MEDIA_TOKEN_TTL = Duration.ofMinutes(10);

  /**
   * A token for the media of one camera, read-only ({@link Authentication} accepts it only for
   * GETs of that camera's playlists, chunks and exports), for media URLs that travel without
   * headers (players, links). Bound to the user's credential like a login token, and short-lived:
   * {@link #MEDIA_TOKEN_TTL} plus {@code playing} (an archive playlist's span), never past the
   * login token's life.
   */
  public Issued media(Principal who, String credentialTag, String cameraId, Duration playing) {
    long now = clock.millis();
    long exp = now + Math.min(ttl.toMillis(), MEDIA_TOKEN_TTL.plus(playing).toMillis());
    var json = Json.object().put("u", who.username()).put("r", Principal.VIEWER).put("exp", exp).put("m", cameraId);
    if (!credentialTag.isEmpty()) json.put("c", credentialTag);
    return new Issued(signed(json), exp);
  }

  /** {@code base64url(payload).base64url(HMAC(payload))}. */
  private String signed(JsonNode payload) {
    String body = B64.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
    return body + "." + B64.encodeToString(sign(body));
  }

  /** A short fingerprint of a stored password hash: changes whenever the password does. */
  public static String credentialTag(String passwordHash) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(passwordHash.getBytes(StandardCharsets.UTF_8));
      return B64.encodeToString(Arrays.copyOf(d, 9));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What a well-signed, unexpired token says; {@code credentialTag} is "" for tokens without one;
   * {@code server} for a token one server minted for another; {@code mediaOf} the camera of a
   * media token ("" for any other).
   */
  public record Claims(Principal who, String credentialTag, boolean server, String mediaOf) {
    public Claims as(Principal current) {
      return new Claims(mediaOf.isEmpty() ? current : new Principal(current.username(), Principal.VIEWER),
          credentialTag, server, mediaOf);
    }
  }

  /** The principal of a well-signed, unexpired token; empty for anything else. */
  public Optional<Principal> verify(String token) {
    return claims(token).map(Claims::who);
  }

  public Optional<Claims> claims(String token) {
    if (token == null) return Optional.empty();
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) return Optional.empty();
    String body = token.substring(0, dot);
    byte[] given;
    try {
      given = B64D.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // Constant-time: a timing side channel must not reveal how much of a forged signature is right.
    if (!MessageDigest.isEqual(sign(body), given)) return Optional.empty();
    try {
      JsonNode payload = Json.MAPPER.readTree(B64D.decode(body));
      long exp = payload.path("exp").asLong(0);
      if (clock.millis() >= exp) return Optional.empty();
      String user = payload.path("u").asText(null);
      String role = payload.path("r").asText(null);
      if (user == null || role == null) return Optional.empty();
      boolean server = payload.path("s").asBoolean(false) && user.startsWith(SERVER_PREFIX);
      return Optional.of(new Claims(new Principal(user, role), payload.path("c").asText(""), server,
          payload.path("m").asText("")));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private byte[] sign(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.get(), "HmacSHA256"));
      return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}

package io.argusvms.users;

import io.argusvms.system.DataKeys;
import io.argusvms.system.PasswordHasher;
import io.argusvms.system.ServiceException;
import io.argusvms.system.SystemSecret;
import io.argusvms.system.SystemStore;
import io.argusvms.system.UserRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The System's users: passwords checked (PBKDF2, with a short cache so HTTP Basic does not hash on
 * every request), users listed, added, changed and removed, and the rule that a System always
 * keeps an administrator. Hashing blocks for tens of milliseconds: call {@link #checkPassword},
 * {@link #add} and {@link #update} off the HTTP threads.
 */
public final class UserService {
  private static final long VERIFIED_FOR_MS = 60_000;
  private static final int VERIFIED_MAX = 1000;
  /** A hash no password is checked against for real: what an unknown user name costs. */
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String DECOY_HASH = PasswordHasher.hash("argus-decoy-" + System.nanoTime());

  private final SystemStore store;
  private final LongSupplier clockMs;
  /** sha256(name, password, stored hash) -> until when it is known to be right. */
  private final Map<String, Long> verified = new ConcurrentHashMap<>();
  /** The last user change of this server; the next one waits for it (see oneAtATime). */
  private CompletableFuture<?> writes = CompletableFuture.completedFuture(null);

  public UserService(SystemStore store, LongSupplier clockMs) {
    this.store = store;
    this.clockMs = clockMs;
  }

  /** A user as GET /api/v1/users shows it (never the password hash). */
  public record UserView(String username, String role) {}

  /** The user's role if the password is right ("admin" or "viewer"), else empty. */
  public Optional<String> checkPassword(String username, String password) {
    UserRecord user = store.state().users().get(username);
    if (password == null) return Optional.empty();
    if (user == null) {
      // The same PBKDF2 work as for a real user, so the answer's time does not tell who exists.
      PasswordHasher.matches(password, DECOY_HASH);
      return Optional.empty();
    }
    String cacheKey = sha256(username + "\n" + password + "\n" + user.passwordHash());
    Long until = verified.get(cacheKey);
    long now = clockMs.getAsLong();
    if (until != null && until > now) return Optional.of(user.role());
    if (!PasswordHasher.matches(password, user.passwordHash())) return Optional.empty();
    if (verified.size() > VERIFIED_MAX) verified.clear();
    verified.put(cacheKey, now + VERIFIED_FOR_MS);
    return Optional.of(user.role());
  }

  /** A user's stored record, for tokens' credential tags and the join handshake (never shown). */
  public Optional<UserRecord> record(String username) {
    return Optional.ofNullable(store.state().users().get(username));
  }

  /** Secret that signs login tokens; the same on every server of the System. */
  public byte[] tokenSecret() {
    return store.state().secret().map(SystemSecret::tokenKey)
        .orElseThrow(() -> ServiceException.notReady("token secret"));
  }

  /**
   * Replaces the System's token secret: every login and media token any server issued stops
   * working at once on every server (their users log in again), and so do join nonces not yet
   * used. What an administrator does when a token or the secret itself may have leaked.
   */
  public CompletionStage<Void> rotateTokenSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return store.put(DataKeys.SECRET, DataKeys.SINGLE, new SystemSecret(Base64.getEncoder().encodeToString(key)))
        .thenApply(d -> null);
  }

  /** Every user of the System, sorted by name. */
  public List<UserView> users() {
    return store.state().users().values().stream()
        .sorted(Comparator.comparing(UserRecord::username))
        .map(u -> new UserView(u.username(), u.role()))
        .toList();
  }

  public UserView user(String username) {
    return record(username).map(u -> new UserView(u.username(), u.role()))
        .orElseThrow(() -> notFound(username));
  }

  /** Adds a user (409 if the name exists). Hashes the password. */
  public CompletionStage<UserView> add(String username, String role, String password) {
    UserRecord user = new UserRecord(username, role, PasswordHasher.hash(password));
    return oneAtATime(() -> {
      if (store.state().users().containsKey(username)) {
        return CompletableFuture.failedFuture(ServiceException.conflict("conflict", "user '" + username + "' exists"));
      }
      return store.put(DataKeys.USERS, username, user).thenApply(d -> new UserView(username, role));
    });
  }

  /**
   * Changes a user's role and/or password (null = unchanged); 404 unknown, 409 when it would leave
   * the System without an administrator. Hashes a new password.
   */
  public CompletionStage<UserView> update(String username, String role, String password) {
    String newHash = password != null ? PasswordHasher.hash(password) : null;
    return oneAtATime(() -> {
      UserRecord old = store.state().users().get(username);
      if (old == null) return CompletableFuture.failedFuture(notFound(username));
      String newRole = role != null ? role : old.role();
      if (isLastAdmin(old) && !newRole.equals(UserRecord.ADMIN)) return CompletableFuture.failedFuture(lastAdmin(username));
      String hash = newHash != null ? newHash : old.passwordHash();
      return store.put(DataKeys.USERS, username, new UserRecord(username, newRole, hash))
          .thenApply(d -> new UserView(username, newRole));
    });
  }

  /** 404 unknown, 409 for the last administrator. */
  public CompletionStage<Void> remove(String username) {
    return oneAtATime(() -> {
      UserRecord old = store.state().users().get(username);
      if (old == null) return CompletableFuture.failedFuture(notFound(username));
      if (isLastAdmin(old)) return CompletableFuture.failedFuture(lastAdmin(username));
      return store.remove(DataKeys.USERS, username).thenApply(d -> null);
    });
  }

  /**
   * Runs user changes of this server one after another, each seeing the one before it written:
   * a check and its write are then one step (two admins demoted or removed at once cannot leave
   * none; one name created four times at once is created once). Across servers of a System two
   * changes can still cross within the replication delay (last writer wins): answering servers
   * keep their own order only.
   */
  private <T> CompletionStage<T> oneAtATime(Supplier<CompletionStage<T>> change) {
    CompletableFuture<T> next;
    synchronized (this) {
      next = writes.handle((ok, err) -> null).thenCompose(x -> change.get()).toCompletableFuture();
      writes = next;
    }
    return next;
  }

  /** The rule: a System keeps at least one administrator. */
  private boolean isLastAdmin(UserRecord user) {
    if (!user.role().equals(UserRecord.ADMIN)) return false;
    return store.state().users().values().stream().filter(u -> u.role().equals(UserRecord.ADMIN)).count() <= 1;
  }

  private static ServiceException lastAdmin(String username) {
    return ServiceException.conflict("last_admin",
        "'" + username + "' is the System's last administrator: make another user admin first");
  }

  private static ServiceException notFound(String username) {
    return ServiceException.notFound("user '" + username + "'");
  }

  private static String sha256(String s) {
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

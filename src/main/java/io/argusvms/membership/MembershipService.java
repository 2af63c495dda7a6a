package io.argusvms.membership;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.join.ClusterKey;
import io.argusvms.join.JoinChallenges;
import io.argusvms.join.JoinCrypto;
import io.argusvms.join.JoinGrant;
import io.argusvms.merge.MergeOutcome;
import io.argusvms.merge.SystemExport;
import io.argusvms.merge.SystemMerge;
import io.argusvms.system.ArgusVersion;
import io.argusvms.system.PasswordHasher;
import io.argusvms.system.ServiceException;
import io.argusvms.system.SystemIdentity;
import io.argusvms.system.SystemState;
import io.argusvms.system.SystemStore;
import io.argusvms.system.UserRecord;
import io.argusvms.users.UserService;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Which servers make up the System, as the API changes it: the answering half of the join
 * handshake ({@link JoinCrypto}: challenge, proof, sealed grant), merging with another System, and
 * the internal steps of a merge (export, import, leave, cluster key); also the cluster this server
 * is in now, so that servers of one System split into two clusters can find each other.
 * Merge work blocks (HTTP calls to the other System): it runs on {@code blocking}.
 */
public final class MembershipService {
  private final SystemStore store;
  private final String serverId;
  private final Supplier<String> selfClusterAddress;
  private final UserService users;
  private final SystemMerge merge;
  private final JoinChallenges challenges;
  private final Executor blocking;
  private final ClusterKeyRollout rollout;

  /** @param selfClusterAddress this server's cluster address now (as Address.toString()) */
  public MembershipService(SystemStore store, String serverId, Supplier<String> selfClusterAddress, UserService users,
      SystemMerge merge, ClusterKeyRotation keyRotation, Clock clock, Executor blocking) {
    this.store = store;
    this.serverId = serverId;
    this.selfClusterAddress = selfClusterAddress;
    this.users = users;
    this.merge = merge;
    this.blocking = blocking;
    this.challenges = new JoinChallenges(users::tokenSecret, serverId, clock);
    this.rollout = new ClusterKeyRollout(store, serverId, keyRotation, users::tokenSecret, blocking);
  }

  /** Nonces for the join handshake and for sealed calls (the server that issued one accepts it, once). */
  public JoinChallenges challenges() {
    return challenges;
  }

  /** Why this server cannot answer for the System yet ({@link Readiness}), or empty when it can. */
  public Optional<String> notReady() {
    return Readiness.notReady(store.state(), serverId, selfClusterAddress.get());
  }

  // ---- joining with an administrator's password

  /** What a joining server needs to prove the password: salt and iterations of its hash, and a nonce. */
  public record Challenge(String username, byte[] salt, int iterations, String nonce, String systemId) {}

  /** A challenge for any name: an unknown one gets a decoy salt, so the answer tells nobody who exists. */
  public Challenge challenge(String username) {
    Optional<PasswordHasher.Parsed> hash = users.record(username).flatMap(u -> PasswordHasher.parse(u.passwordHash()));
    byte[] salt = hash.map(PasswordHasher.Parsed::salt).orElseGet(() -> challenges.decoySalt(username));
    int iterations = hash.map(PasswordHasher.Parsed::iterations).orElse(PasswordHasher.ITERATIONS);
    return new Challenge(username, salt, iterations, challenges.issue(username), identity().systemId());
  }

  /** How a join proof was judged; {@code sealedGrant} is set only for {@link Verdict#GRANTED}. */
  public record JoinAnswer(Verdict verdict, byte[] sealedGrant) {}

  public enum Verdict { BAD_NONCE, WRONG_PROOF, NOT_ADMIN, GRANTED }

  /**
   * Checks a joining server's proof of an administrator's password; a right one gets the grant
   * (identity, seeds, cluster key) sealed under that password's key.
   */
  public JoinAnswer answerJoin(String username, String nonce, byte[] proof) {
    if (!challenges.valid(nonce, username)) return new JoinAnswer(Verdict.BAD_NONCE, null);
    Optional<UserRecord> record = users.record(username);
    Optional<byte[]> clientKey = record.flatMap(u -> PasswordHasher.parse(u.passwordHash()))
        .flatMap(p -> JoinCrypto.provenClientKey(p.storedKey(), JoinCrypto.joinMessage(nonce), proof));
    if (clientKey.isEmpty()) return new JoinAnswer(Verdict.WRONG_PROOF, null);
    if (!challenges.redeem(nonce, username)) return new JoinAnswer(Verdict.BAD_NONCE, null); // a copy of an answered join
    if (!UserRecord.ADMIN.equals(record.get().role())) return new JoinAnswer(Verdict.NOT_ADMIN, null);
    return new JoinAnswer(Verdict.GRANTED, JoinCrypto.seal(clientKey.get(), nonce, joinGrant().toBytes()));
  }

  /** What a server that joins this System receives: identity, seeds (online first) and cluster key. */
  public JoinGrant joinGrant() {
    SystemIdentity id = identity();
    SystemState now = store.state();
    return new JoinGrant(id.systemId(), id.name(), SystemExport.of(now).seedsOnlineFirst(now),
        ClusterKey.from(merge.clusterKeyJson()));
  }

  // ---- merging Systems

  /** Merges this System with the one at {@code url}; a refusal (401, 409, 422, 503) changed nothing. */
  public CompletionStage<MergeOutcome> merge(String url, String username, String password, boolean keepThis) {
    return CompletableFuture.supplyAsync(() -> merge.merge(url, username, password, keepThis), blocking);
  }

  /** This System's database as an export document (with its token secret). */
  public CompletionStage<JsonNode> exportSystem() {
    return CompletableFuture.supplyAsync(() -> {
      merge.refuseWhileMerging();
      return SystemExport.of(store.state()).toJson(ArgusVersion.VERSION, System.currentTimeMillis());
    }, blocking);
  }

  /** Adds another System's servers, cameras and free user names; answers what was added. */
  public CompletionStage<JsonNode> importSystem(JsonNode export) {
    return CompletableFuture.supplyAsync(() -> {
      merge.refuseWhileMerging();
      return merge.importInto(SystemExport.fromJson(export)).toJson();
    }, blocking);
  }

  /** This server (and with fanOut its System's other servers) leave for the cluster at seeds. */
  public CompletionStage<Void> leave(String expectedSystemId, List<String> seeds, boolean fanOut,
      Optional<ClusterKey> clusterKey) {
    return CompletableFuture.runAsync(() -> merge.leave(expectedSystemId, seeds, fanOut, clusterKey), blocking);
  }

  /** This System's cluster TLS key as {"clusterKey","clusterKeyPassword"} ({} for plain TCP). */
  public JsonNode clusterKey() {
    return merge.clusterKeyJson();
  }

  // ---- rotating the cluster key

  /** Which servers took a new cluster key, and which were offline (they need a copy of the key's folder). */
  public record KeyRotation(List<String> rotated, List<String> offline) {}

  /**
   * Replaces the System's cluster TLS key on every online server; they restart their cluster
   * connection with it. 409 when the cluster runs plain TCP; 503 (nothing changed) when an online
   * server does not take it.
   */
  public CompletionStage<KeyRotation> rotateClusterKey() {
    return CompletableFuture.supplyAsync(rollout::run, blocking);
  }

  /** This server's part of another server's rotation: stage, apply or abort. */
  public CompletionStage<Boolean> rekey(String step, Optional<ClusterKey> key) {
    return CompletableFuture.supplyAsync(() -> rollout.step(step, key), blocking);
  }

  // ---- the cluster this server is in

  /** As GET /api/v1/health shows it: member count and the lowest member address (host:port). */
  public record ClusterView(String systemId, int members, String lowestMember) {}

  public Optional<ClusterView> clusterView() {
    SystemState s = store.state();
    return s.identity().flatMap(id -> Islands.lowest(s.upClusterAddresses())
        .map(lowest -> new ClusterView(id.systemId(), s.upClusterAddresses().size(), lowest)));
  }

  private SystemIdentity identity() {
    return store.state().identity().orElseThrow(() -> ServiceException.notReady("System identity"));
  }
}

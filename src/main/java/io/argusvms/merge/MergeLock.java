package io.argusvms.merge;

import io.argusvms.system.DataKeys;
import io.argusvms.system.MergeClaim;
import io.argusvms.system.SystemStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One merge at a time per System ({@link MergeClaims}), through claims in the replicated
 * database. Blocking.
 */
final class MergeLock {
  private static final Logger log = LoggerFactory.getLogger(MergeLock.class);
  /** Longer than any merge; bounds how long a server that died mid-merge blocks the others. */
  static final Duration CLAIM_TTL = Duration.ofMinutes(3);
  private static final Duration WAIT_FOR_LATER = Duration.ofSeconds(3);
  private static final long IO_TIMEOUT_S = 10;

  private final SystemStore db;
  private final String serverId;
  private final Clock clock;

  MergeLock(SystemStore db, String serverId, Clock clock) {
    this.db = db;
    this.serverId = serverId;
    this.clock = clock;
  }

  /** Held while this server merges; closing it gives the claim up. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /** Claims the System's merge, or fails with 409 (another merge runs) or 503 (no majority). */
  Held acquire() {
    MergeClaims.running(claims(), serverId, clock.millis()).ifPresent(c -> {
      throw busy(c);
    });
    long now = clock.millis();
    MergeClaim mine = new MergeClaim(serverId, now, now + CLAIM_TTL.toMillis());
    write(mine);
    long deadline = System.nanoTime() + WAIT_FOR_LATER.toNanos();
    while (true) {
      Collection<MergeClaim> seen = claims();
      switch (MergeClaims.decide(mine, seen, clock.millis())) {
        case PROCEED:
          return this::release;
        case YIELD:
          release();
          throw busy(MergeClaims.running(seen, serverId, clock.millis()).orElse(mine));
        case WAIT:
          if (System.nanoTime() > deadline) {
            release();
            throw busy(MergeClaims.running(seen, serverId, clock.millis()).orElse(mine));
          }
          sleep();
          break;
        default:
          throw new IllegalStateException();
      }
    }
  }

  /**
   * The merge another server of this System runs, if any: read from a majority, or from this
   * server's replica when no majority answers (a peer that just went down must not stop the
   * other System's merge; this is a courtesy check, the initiator's claim is the real guard).
   */
  Optional<MergeClaim> running() {
    Collection<MergeClaim> seen;
    try {
      seen = claims();
    } catch (MergeException noMajority) {
      try {
        seen = db.readLocal(DataKeys.MERGE_CLAIMS).toCompletableFuture().get(IO_TIMEOUT_S, TimeUnit.SECONDS).values();
      } catch (Exception e) {
        seen = List.of();
      }
    }
    return MergeClaims.running(seen, serverId, clock.millis());
  }

  private static MergeException busy(MergeClaim c) {
    return new MergeException(409, "merge_running", "a merge is already running in this System (started on server "
        + c.serverId() + "); wait for it to finish");
  }

  private Collection<MergeClaim> claims() {
    try {
      return db.readMajority(DataKeys.MERGE_CLAIMS).toCompletableFuture().get(IO_TIMEOUT_S, TimeUnit.SECONDS).values();
    } catch (Exception e) {
      throw new MergeException(503, "no_majority", "cannot reach a majority of this System's servers to coordinate the "
          + "merge: " + rootMessage(e));
    }
  }

  private void write(MergeClaim claim) {
    try {
      db.writeMajority(DataKeys.MERGE_CLAIMS, serverId, claim).toCompletableFuture().get(IO_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      release();
      throw new MergeException(503, "no_majority", "cannot reach a majority of this System's servers to start a merge: "
          + rootMessage(e));
    }
  }

  private void release() {
    try {
      db.writeMajority(DataKeys.MERGE_CLAIMS, serverId, (MergeClaim) null).toCompletableFuture()
          .get(IO_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      // The claim expires by itself; gossip spreads the removal when the others answer again.
      log.warn("could not give up this server's merge claim everywhere: {}", rootMessage(e));
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MergeException(503, "interrupted", "interrupted");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}

package io.argusvms.archive;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chunk catalog in a LevelDB folder on this server (see {@link ChunkKey} for the key order and
 * {@link ChunkValueCodec} for the value).
 *
 * <p>Writes are not fsynced: LevelDB appends each write to its log with write(2), so a killed
 * process loses nothing; only an OS crash can lose the last writes, and {@link Recovery} re-indexes
 * chunk files the catalog does not know. Undecodable values found while opening are dropped (and
 * counted) so that recovery indexes their files again instead of start-up failing on them.
 */
public final class LevelDbChunkCatalog implements ChunkCatalog {
  private static final Logger log = LoggerFactory.getLogger(LevelDbChunkCatalog.class);

  private final File dir;
  private final DB db;
  /** Sum of sizeBytes, kept in step by put/delete so totalBytes() needs no scan. */
  private final AtomicLong totalBytes = new AtomicLong();
  /** Serialises read-modify-write of the running sum. */
  private final Object writeMutex = new Object();
  /** Any operation holds the read side; close() takes the write side, so no call sees a closed DB. */
  private final ReentrantReadWriteLock openLock = new ReentrantReadWriteLock();
  private final int corruptEntriesDropped;
  private boolean closed;

  private LevelDbChunkCatalog(File dir, DB db) {
    this.dir = dir;
    this.db = db;
    this.corruptEntriesDropped = rebuildTotalDroppingCorrupt();
  }

  /**
   * Opens (creating if missing) the catalog in {@code dir}. Fails at once, never waits, when another
   * process holds the folder's lock or when the folder is corrupt.
   *
   * @throws CatalogOpenException with a message an operator can act on
   */
  public static LevelDbChunkCatalog open(File dir) {
    if (!dir.isDirectory() && !dir.mkdirs()) {
      throw new CatalogOpenException("Cannot create the chunk catalog folder " + dir, null);
    }
    DB db;
    try {
      db = JniDBFactory.factory.open(dir, new Options().createIfMissing(true));
    } catch (IOException | RuntimeException e) {
      throw new CatalogOpenException(explainOpenFailure(dir, e), e);
    }
    try {
      return new LevelDbChunkCatalog(dir, db);
    } catch (RuntimeException e) {
      closeQuietly(db);
      throw new CatalogOpenException(explainOpenFailure(dir, e), e);
    }
  }

  /** LevelDB's own repair (rebuilds the folder's metadata from its table files); offline only. */
  public static void repair(File dir) {
    try {
      JniDBFactory.factory.repair(dir, new Options());
    } catch (IOException e) {
      throw new CatalogOpenException("Repair of the chunk catalog " + dir + " failed: " + e, e);
    }
  }

  private static String explainOpenFailure(File dir, Exception e) {
    String detail = String.valueOf(e.getMessage());
    String lower = detail.toLowerCase();
    if (lower.contains("lock")) {
      return "The chunk catalog " + dir + " is in use by another Argus process (its LOCK is held)."
          + " Stop that process, or give this server its own data folder. (" + detail + ")";
    }
    if (lower.contains("corrupt")) {
      return "The chunk catalog " + dir + " is corrupt. Repair it offline with"
          + " LevelDbChunkCatalog.repair, or move the folder away: it is rebuilt from the chunk"
          + " files at the next start. (" + detail + ")";
    }
    return "Cannot open the chunk catalog " + dir + ": " + detail;
  }

  /** How many undecodable entries were removed while opening (their files get re-indexed). */
  public int corruptEntriesDropped() {
    return corruptEntriesDropped;
  }

  private int rebuildTotalDroppingCorrupt() {
    long sum = 0;
    List<byte[]> corrupt = new ArrayList<>();
    try (DBIterator it = db.iterator()) {
      for (it.seekToFirst(); it.hasNext(); ) {
        Map.Entry<byte[], byte[]> e = it.next();
        Optional<ChunkRecord> chunk = decode(e.getKey(), e.getValue());
        if (chunk.isPresent()) {
          sum += chunk.get().sizeBytes();
        } else {
          corrupt.add(e.getKey());
        }
      }
    } catch (IOException e) {
      throw new CatalogOpenException("Cannot read the chunk catalog " + dir + ": " + e, e);
    }
    for (byte[] key : corrupt) {
      db.delete(key);
    }
    if (!corrupt.isEmpty()) {
      log.warn("Chunk catalog {}: dropped {} undecodable entries", dir, corrupt.size());
    }
    totalBytes.set(sum);
    return corrupt.size();
  }

  @Override
  public void put(ChunkRecord chunk) {
    byte[] key = ChunkKey.of(chunk.cameraId(), chunk.startMs());
    byte[] value = ChunkValueCodec.encode(chunk);
    withOpenDb(() -> {
      synchronized (writeMutex) {
        long previousSize = sizeAt(key);
        db.put(key, value);
        totalBytes.addAndGet(chunk.sizeBytes() - previousSize);
      }
      return null;
    });
  }

  @Override
  public void delete(String cameraId, long startMs) {
    byte[] key = ChunkKey.of(cameraId, startMs);
    withOpenDb(() -> {
      synchronized (writeMutex) {
        long previousSize = sizeAt(key);
        db.delete(key);
        totalBytes.addAndGet(-previousSize);
      }
      return null;
    });
  }

  private long sizeAt(byte[] key) {
    byte[] old = db.get(key);
    if (old == null) {
      return 0;
    }
    try {
      return ChunkValueCodec.decodeSize(old);
    } catch (ChunkValueCodec.CorruptValueException e) {
      return 0; // not counted in the total when the catalog was opened either
    }
  }

  @Override
  public List<ChunkRecord> find(String cameraId, long fromMs, long toMs) {
    if (!ChunkKey.isStorable(cameraId)) return List.of(); // no chunk can have such an id
    byte[] prefix = ChunkKey.prefix(cameraId);
    if (toMs <= fromMs) {
      return List.of();
    }
    return withOpenDb(() -> {
      List<ChunkRecord> found = new ArrayList<>();
      try (DBIterator it = db.iterator()) {
        // The chunk that started before fromMs may still be running at fromMs.
        predecessor(it, ChunkKey.of(cameraId, Math.max(0, fromMs)), prefix)
            .filter(c -> c.endMs() > fromMs)
            .ifPresent(found::add);
        it.seek(ChunkKey.of(cameraId, Math.max(0, fromMs)));
        while (it.hasNext()) {
          Map.Entry<byte[], byte[]> e = it.next();
          if (!ChunkKey.hasPrefix(e.getKey(), prefix)
              || ChunkKey.startMs(e.getKey()) >= toMs) {
            break;
          }
          // Starting inside [fromMs, toMs) overlaps by definition, even a chunk just opened.
          decode(e.getKey(), e.getValue()).ifPresent(found::add);
        }
      }
      return found;
    });
  }

  @Override
  public Optional<ChunkRecord> latest(String cameraId) {
    if (!ChunkKey.isStorable(cameraId)) return Optional.empty();
    byte[] prefix = ChunkKey.prefix(cameraId);
    return withOpenDb(() -> {
      try (DBIterator it = db.iterator()) {
        return predecessor(it, ChunkKey.endOfCamera(cameraId), prefix);
      }
    });
  }

  /**
   * The last entry of this camera before {@code key}. leveldbjni's hasPrev() answers false when the
   * iterator has run past the last key of the whole database, so that case seeks to the last key.
   */
  private Optional<ChunkRecord> predecessor(DBIterator it, byte[] key, byte[] prefix) {
    it.seek(key);
    Map.Entry<byte[], byte[]> before;
    if (it.hasNext()) {
      if (!it.hasPrev()) {
        return Optional.empty();
      }
      before = it.peekPrev();
    } else {
      it.seekToLast();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      before = it.peekNext();
    }
    if (!ChunkKey.hasPrefix(before.getKey(), prefix)) {
      return Optional.empty();
    }
    return decode(before.getKey(), before.getValue());
  }

  /**
   * Merges the cameras' time-ordered ranges: one seek per camera, no second index to keep in step
   * on every write. A bounded max-heap holds the best {@code limit} so far; a camera's range is
   * left as soon as its next start (read from the key, no decoding) cannot beat the heap's worst.
   */
  @Override
  public List<ChunkRecord> oldest(int limit) {
    if (limit <= 0) {
      return List.of();
    }
    Comparator<ChunkRecord> byAge =
        Comparator.comparingLong(ChunkRecord::startMs).thenComparing(ChunkRecord::cameraId);
    return withOpenDb(() -> {
      PriorityQueue<ChunkRecord> best = new PriorityQueue<>(limit + 1, byAge.reversed());
      try (DBIterator it = db.iterator()) {
        it.seekToFirst();
        while (it.hasNext()) {
          byte[] first = it.peekNext().getKey();
          if (!ChunkKey.isWellFormed(first)) {
            it.next();
            continue;
          }
          String cameraId = ChunkKey.cameraId(first);
          byte[] prefix = ChunkKey.prefix(cameraId);
          while (it.hasNext()) {
            Map.Entry<byte[], byte[]> e = it.next();
            if (!ChunkKey.hasPrefix(e.getKey(), prefix)) {
              break;
            }
            if (best.size() == limit && ChunkKey.startMs(e.getKey()) > best.peek().startMs()) {
              break; // this camera's later chunks are later still
            }
            decode(e.getKey(), e.getValue()).ifPresent(best::add);
            if (best.size() > limit) {
              best.poll();
            }
          }
          it.seek(ChunkKey.endOfCamera(cameraId));
        }
      }
      List<ChunkRecord> sorted = new ArrayList<>(best);
      sorted.sort(byAge);
      return sorted;
    });
  }

  @Override
  public List<ChunkRecord> all() {
    return withOpenDb(() -> {
      List<ChunkRecord> chunks = new ArrayList<>();
      try (DBIterator it = db.iterator()) {
        for (it.seekToFirst(); it.hasNext(); ) {
          Map.Entry<byte[], byte[]> e = it.next();
          decode(e.getKey(), e.getValue()).ifPresent(chunks::add);
        }
      }
      return chunks;
    });
  }

  @Override
  public long totalBytes() {
    return totalBytes.get();
  }

  @Override
  public void close() {
    openLock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        closeQuietly(db);
      }
    } finally {
      openLock.writeLock().unlock();
    }
  }

  private static void closeQuietly(DB db) {
    try {
      db.close();
    } catch (IOException e) {
      log.warn("Closing the chunk catalog failed: {}", e.toString());
    }
  }

  private Optional<ChunkRecord> decode(byte[] key, byte[] value) {
    if (!ChunkKey.isWellFormed(key)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          ChunkValueCodec.decode(ChunkKey.cameraId(key), ChunkKey.startMs(key), value));
    } catch (ChunkValueCodec.CorruptValueException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private interface DbCall<T> {
    T call() throws IOException;
  }

  private <T> T withOpenDb(DbCall<T> call) {
    openLock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("chunk catalog " + dir + " is closed");
      }
      return call.call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      openLock.readLock().unlock();
    }
  }
}

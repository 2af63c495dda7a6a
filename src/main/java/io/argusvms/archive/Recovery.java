package io.argusvms.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the catalog and the chunk files agree again after the process died, run once at start
 * before recording: entries without a file go, chunks that were open (kill -9 mid-write) are
 * re-indexed from their file and sealed, and files the catalog never heard of are indexed.
 *
 * <p>Nothing here may stop the server from starting: a file that cannot be read is reported and
 * left on disk (it is evidence; an operator may still rescue it), never deleted.
 */
public final class Recovery {
  private static final Logger log = LoggerFactory.getLogger(Recovery.class);

  private final ChunkCatalog catalog;
  private final MediaStore store;

  private int missingFilesRemoved;
  private int openChunksSealed;
  private int orphanFilesIndexed;
  private long bytesTruncated;
  private final List<Path> unreadable = new ArrayList<>();

  private Recovery(ChunkCatalog catalog, MediaStore store) {
    this.catalog = catalog;
    this.store = store;
  }

  /** Blocking (reads every open or unknown chunk file): run it on a blocking thread. */
  public static RecoveryReport run(ChunkCatalog catalog, MediaStore store) {
    return new Recovery(catalog, store).run();
  }

  private RecoveryReport run() {
    int corruptDropped =
        catalog instanceof LevelDbChunkCatalog leveldb ? leveldb.corruptEntriesDropped() : 0;
    Set<Path> seen = new HashSet<>();
    for (ChunkRecord entry : catalog.all()) {
      checkEntry(entry).ifPresent(seen::add);
    }
    indexOrphans(seen);
    RecoveryReport report = new RecoveryReport(
        corruptDropped,
        missingFilesRemoved,
        openChunksSealed,
        orphanFilesIndexed,
        unreadable.size(),
        bytesTruncated,
        unreadable);
    log.info(
        "Archive recovery: {} open chunks sealed, {} orphan files indexed, {} entries without a"
            + " file removed, {} corrupt entries dropped, {} unreadable files, {} torn bytes cut",
        openChunksSealed, orphanFilesIndexed, missingFilesRemoved, corruptDropped,
        unreadable.size(), bytesTruncated);
    return report;
  }

  /** Returns the entry's file unless it is missing (then an orphan of that path cannot exist). */
  private Optional<Path> checkEntry(ChunkRecord entry) {
    Path file = Path.of(entry.path()).toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      catalog.delete(entry.cameraId(), entry.startMs());
      missingFilesRemoved++;
      log.warn("Chunk {} of camera {} has no file {}: removed from the catalog",
          entry.startMs(), entry.cameraId(), file);
      return Optional.empty();
    }
    if (entry.sealed()) {
      return Optional.of(file);
    }
    Optional<ChunkRecord> sealed = reindex(entry.cameraId(), entry.startMs(), file);
    if (sealed.isEmpty()) {
      // Keep the file but not an entry that promises playable video; already reported, so it is
      // returned as seen and not scanned a second time as an orphan.
      catalog.delete(entry.cameraId(), entry.startMs());
      return Optional.of(file);
    }
    catalog.put(sealed.get());
    openChunksSealed++;
    log.info("Chunk {} of camera {} was open at the last stop: sealed at {} bytes",
        entry.startMs(), entry.cameraId(), sealed.get().sizeBytes());
    return Optional.of(file);
  }

  /** Stored chunk files the catalog does not know. */
  private void indexOrphans(Set<Path> seen) {
    List<MediaStore.StoredChunk> stored;
    try {
      stored = store.storedChunks();
    } catch (IOException e) {
      log.error("Cannot list the archive {} to find unindexed chunks: {}", store.location(), e.toString());
      return;
    }
    for (MediaStore.StoredChunk orphan : stored) {
      Path file = orphan.file();
      if (seen.contains(file)) continue;
      if (orphan.startMs() < 0) {
        unreadable.add(file);
        log.warn("Chunk file {} has no start time in its name: not indexed", file);
        continue;
      }
      Optional<ChunkRecord> chunk = reindex(orphan.cameraId(), orphan.startMs(), file);
      if (chunk.isPresent()) {
        catalog.put(chunk.get());
        orphanFilesIndexed++;
        log.info("Chunk file {} was not in the catalog: indexed for camera {}", file, orphan.cameraId());
      }
    }
  }

  /** Scans the file, cuts a torn last packet, and builds its sealed record; empty if unreadable. */
  private Optional<ChunkRecord> reindex(String cameraId, long startMs, Path file) {
    try {
      TsScan scan = TsScanner.scan(file);
      if (!scan.playable()) {
        unreadable.add(file);
        log.warn("Chunk file {} holds no playable video: kept on disk, not indexed", file);
        return Optional.empty();
      }
      long torn = scan.fileLength() % TsScanner.PACKET_SIZE;
      if (torn > 0) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.truncate(scan.fileLength() - torn);
        }
        bytesTruncated += torn;
      }
      return Optional.of(scan.toChunk(cameraId, startMs, file.toString(), true));
    } catch (IOException | RuntimeException e) {
      unreadable.add(file);
      log.warn("Chunk file {} cannot be read: {}", file, e.toString());
      return Optional.empty();
    }
  }
}

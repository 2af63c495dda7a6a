package io.argusvms.archive;

import io.argusvms.system.StorageInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where this server keeps its archive inside the data folder:
 *
 * <pre>
 * data/catalog/                                   chunk catalog (LevelDB)
 * data/archive/&lt;cameraId&gt;/&lt;yyyy-MM-dd UTC&gt;/&lt;startMs&gt;.ts   chunk files
 * </pre>
 *
 * A folder per day keeps folders small and lets an operator find a day by hand.
 */
public final class StorageLayout {
  static final String CHUNK_SUFFIX = ".ts";
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final String PROBE_NAME = ".argus-write-probe";

  private final Path dataDir;

  public StorageLayout(Path dataDir) {
    this.dataDir = dataDir.toAbsolutePath().normalize();
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path archiveRoot() {
    return dataDir.resolve("archive");
  }

  public Path catalogDir() {
    return dataDir.resolve("catalog");
  }

  /** @throws IllegalArgumentException for an id that is not a plain folder name */
  public Path cameraDir(String cameraId) {
    if (cameraId.isEmpty()
        || cameraId.equals(".")
        || cameraId.equals("..")
        || cameraId.contains("/")
        || cameraId.contains("\\")
        || cameraId.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("camera id is not usable as a folder name: " + cameraId);
    }
    return archiveRoot().resolve(cameraId);
  }

  /** The file a chunk of this camera starting at {@code startMs} is written to. */
  public Path chunkFile(String cameraId, long startMs) {
    return cameraDir(cameraId)
        .resolve(DAY.format(Instant.ofEpochMilli(startMs)))
        .resolve(startMs + CHUNK_SUFFIX);
  }

  /** Start time encoded in a chunk file name, or -1 when the name is not {@code <digits>.ts}. */
  static long startMsOfFileName(String fileName) {
    if (!fileName.endsWith(CHUNK_SUFFIX)) {
      return -1;
    }
    String digits = fileName.substring(0, fileName.length() - CHUNK_SUFFIX.length());
    if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(digits);
  }

  /** Creates the archive and catalog folders. */
  public void createFolders() {
    try {
      Files.createDirectories(archiveRoot());
      Files.createDirectories(catalogDir());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the archive folders under " + dataDir, e);
    }
  }

  /**
   * Sizes of the archive's file system and a real write probe (create, write, delete a small file),
   * so a read-only remount or a full disk shows up. A few syscalls: cheap enough every few seconds.
   * Blocking: call it off the actor dispatchers.
   */
  public StorageInfo storageInfo() {
    Path root = archiveRoot();
    long total = 0;
    long free = 0;
    try {
      Files.createDirectories(root);
      FileStore store = Files.getFileStore(root);
      total = store.getTotalSpace();
      free = store.getUsableSpace();
    } catch (IOException e) {
      // Unreachable storage: report zeros and not writable rather than failing the caller.
      return new StorageInfo(root.toString(), total, free, false);
    }
    return new StorageInfo(root.toString(), total, free, probeWritable(root));
  }

  /** Usable bytes on the archive's file system (for retention). */
  public long freeBytes() {
    try {
      return Files.getFileStore(Files.createDirectories(archiveRoot())).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read free space of " + archiveRoot(), e);
    }
  }

  private static boolean probeWritable(Path root) {
    Path probe = root.resolve(PROBE_NAME);
    try {
      Files.write(probe, new byte[] {'o', 'k'});
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException ignored) {
        // A probe that cannot be deleted changes nothing about the answer already given.
      }
    }
  }
}

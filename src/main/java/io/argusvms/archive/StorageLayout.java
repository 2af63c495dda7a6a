package io.argusvms.archive;

import io.argusvms.system.StorageInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The archive on this server's local disk ({@link MediaStore}), and the one place that knows its
 * layout inside the data folder:
 *
 * <pre>
 * data/catalog/                                   chunk catalog (LevelDB)
 * data/archive/&lt;cameraId&gt;/&lt;yyyy-MM-dd UTC&gt;/&lt;startMs&gt;.ts   chunk files
 * </pre>
 *
 * A folder per day keeps folders small and lets an operator find a day by hand.
 */
public final class StorageLayout implements MediaStore {
  static final String CHUNK_SUFFIX = ".ts";
  /** Below this much free space a recording would fail at its first flush: do not open the camera. */
  static final long MIN_FREE_BYTES_TO_RECORD = 1L << 20;
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
    return chunkFileIn(cameraDir(cameraId), startMs);
  }

  /** The layout inside one camera's folder: {@code <yyyy-MM-dd UTC>/<startMs>.ts}. */
  static Path chunkFileIn(Path cameraDir, long startMs) {
    return cameraDir.resolve(DAY.format(Instant.ofEpochMilli(startMs))).resolve(startMs + CHUNK_SUFFIX)
        .toAbsolutePath();
  }

  @Override
  public CameraMedia camera(String cameraId) {
    return cameraFolder(cameraDir(cameraId));
  }

  /** A camera's media in the given folder, laid out as every camera's is (recording tests use a temp folder). */
  public static CameraMedia cameraFolder(Path cameraDir) {
    return new CameraMedia() {
      @Override
      public Path newChunkFile(long startMs) throws IOException {
        Path file = chunkFileIn(cameraDir, startMs);
        Files.createDirectories(file.getParent());
        return file;
      }

      @Override
      public Optional<String> whyNotWritable() {
        return StorageLayout.whyNotWritable(cameraDir);
      }
    };
  }

  /** The operating system's reason for an I/O error, without the exception class ("Not a directory"). */
  public static String why(IOException e) {
    if (e instanceof FileSystemException fse && fse.getReason() != null) return fse.getReason();
    if (e instanceof AccessDeniedException) return "permission denied";
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  @Override
  public InputStream open(ChunkRecord chunk, long offset, long length) throws IOException {
    return ChunkMedia.openRange(chunk, offset, length);
  }

  @Override
  public boolean isReadable(ChunkRecord chunk) {
    return Files.isReadable(Path.of(chunk.path()));
  }

  @Override
  public void delete(ChunkRecord chunk, Instant now) throws IOException {
    Path file = Path.of(chunk.path());
    Files.deleteIfExists(file);
    removeEmptyDayFolder(file.getParent(), now);
  }

  private void removeEmptyDayFolder(Path dayDir, Instant now) {
    Path root = archiveRoot();
    if (dayDir == null
        || !dayDir.toAbsolutePath().normalize().startsWith(root)
        || root.relativize(dayDir.toAbsolutePath().normalize()).getNameCount() != 2
        // Today's folder may be about to receive the recorder's next chunk.
        || dayDir.getFileName().toString().equals(DAY.format(now))) {
      return;
    }
    try {
      Files.delete(dayDir);
    } catch (IOException e) {
      // Other chunks of that day remain, or another deletion got there first: nothing to tidy.
    }
  }

  @Override
  public String location() {
    return archiveRoot().toString();
  }

  /** Files laid out as archive/&lt;cameraId&gt;/&lt;day&gt;/&lt;name&gt;.ts. */
  @Override
  public List<StoredChunk> storedChunks() throws IOException {
    Path root = archiveRoot();
    if (!Files.isDirectory(root)) return List.of();
    try (Stream<Path> files = Files.walk(root, 3)) {
      return files
          .filter(f -> root.relativize(f).getNameCount() == 3)
          .filter(f -> f.getFileName().toString().endsWith(CHUNK_SUFFIX))
          .filter(Files::isRegularFile)
          .map(f -> f.toAbsolutePath().normalize())
          .sorted()
          .map(f -> new StoredChunk(root.relativize(f).getName(0).toString(),
              startMsOfFileName(f.getFileName().toString()), f))
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
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
  @Override
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
    return new StorageInfo(root.toString(), total, free, whyNotWritable(root, free).isEmpty());
  }

  /**
   * The one rule for "this storage can take recording now", used by the recorder before it opens
   * a camera and by placement (through {@link #storageInfo()}'s writable flag), so a server whose
   * recorders would refuse is no place for cameras: the folder can be created and written (a real
   * write probe, so a read-only remount shows), and at least {@link #MIN_FREE_BYTES_TO_RECORD} are
   * free (a disk filled by other files fails here, not at the first flush).
   */
  static Optional<String> whyNotWritable(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      return Optional.of("storage not writable: cannot create " + dir + ": " + why(e));
    }
    long free;
    try {
      free = Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return Optional.of("storage not readable: " + dir + ": " + why(e));
    }
    return whyNotWritable(dir, free);
  }

  /** The rule itself, for a folder that exists, with its file system's usable bytes. */
  private static Optional<String> whyNotWritable(Path dir, long free) {
    if (free < MIN_FREE_BYTES_TO_RECORD) return Optional.of("storage full: " + free + " bytes free on " + dir);
    if (!Files.isWritable(dir) || !probeWritable(dir)) return Optional.of("storage not writable: " + dir);
    return Optional.empty();
  }

  /** Usable bytes on the archive's file system (for retention). */
  @Override
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

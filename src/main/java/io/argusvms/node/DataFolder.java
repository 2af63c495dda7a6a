package io.argusvms.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * This server's data folder is private to the user it runs as: the System database in it holds the
 * token secret, the administrators' password hashes and the cameras' RTSP passwords, and the
 * archive is evidence. Folders 0700, files 0600, fixed at every start (a folder of an older
 * version, or one copied by hand, becomes private too). New files are private because
 * bin/argus runs the server with umask 077.
 */
final class DataFolder {
  static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private DataFolder() {}

  /** Creates the folder if needed and takes group and other permissions off everything in it. */
  static void makePrivate(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      try (Stream<Path> all = Files.walk(dataDir)) {
        for (Path p : all.toList()) {
          if (Files.isSymbolicLink(p)) continue;
          Files.setPosixFilePermissions(p, Files.isDirectory(p) ? FOLDER : FILE);
        }
      }
    } catch (UnsupportedOperationException notPosix) {
      // A file system without POSIX permissions: nothing to set.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the data folder " + dataDir + " private: " + e.getMessage(), e);
    }
  }
}

package io.argusvms.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * mount(8) for system tests that break storage under a running server: a small tmpfs (a disk that
 * fills), a folder made read-only in place by a read-only bind mount over itself (a disk that
 * stops taking writes while files stay open). Needs root, as the tests run in CI.
 */
public final class Mounts {
  private Mounts() {}

  public static void tmpfs(Path dir, String size) throws IOException, InterruptedException {
    run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
  }

  /** New files and folders under dir fail with EROFS; files already open keep writing. */
  public static void readOnlyInPlace(Path dir) throws IOException, InterruptedException {
    run("mount", "--bind", dir.toString(), dir.toString());
    run("mount", "-o", "remount,bind,ro", dir.toString());
  }

  /** Unmounts dir (lazily, so a file a server still holds open does not block the test). */
  public static void unmount(Path dir) throws IOException, InterruptedException {
    run("umount", "-l", dir.toString());
  }

  /** Best effort, for @AfterAll. */
  public static void unmountQuietly(Path dir) {
    try {
      unmount(dir);
    } catch (Exception ignored) {
      // not mounted
    }
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed (the storage system tests need root): " + out.trim());
    }
  }
}

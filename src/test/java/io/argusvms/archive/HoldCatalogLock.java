package io.argusvms.archive;

import java.io.File;

/** Run as a separate process by a test: holds a catalog open until its stdin closes. */
public final class HoldCatalogLock {
  private HoldCatalogLock() {}

  public static void main(String[] args) throws Exception {
    try (LevelDbChunkCatalog catalog = LevelDbChunkCatalog.open(new File(args[0]))) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close our stdin
      }
    }
  }
}

package io.argusvms.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** One camera's part of the archive as its recorder sees it: where new chunks go, and whether it takes them now. */
public interface CameraMedia {

  /** The file a chunk starting at {@code startMs} is written to, its folder created. */
  Path newChunkFile(long startMs) throws IOException;

  /**
   * Why recording cannot start now (folder not writable, storage full), or empty. Checked before
   * the camera is opened, so a full disk costs the camera nothing. Cheap, but blocking.
   */
  Optional<String> whyNotWritable();
}

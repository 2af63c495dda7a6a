package io.argusvms.archive;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Recovery} found and did at start-up.
 *
 * @param corruptEntriesDropped catalog entries that could not be decoded (dropped on open; their
 *     files are indexed again as orphans)
 * @param missingFilesRemoved catalog entries whose file was gone, removed
 * @param openChunksSealed chunks that were open when the process died, re-indexed from the file
 * @param orphanFilesIndexed chunk files the catalog did not know, indexed
 * @param unreadableFiles chunk files that hold no playable video (kept on disk, not indexed)
 * @param bytesTruncated torn bytes cut off the ends of files (a partial last TS packet)
 * @param unreadable paths of the unreadable files, for the operator
 */
public record RecoveryReport(
    int corruptEntriesDropped,
    int missingFilesRemoved,
    int openChunksSealed,
    int orphanFilesIndexed,
    int unreadableFiles,
    long bytesTruncated,
    List<Path> unreadable) {

  public RecoveryReport {
    unreadable = List.copyOf(unreadable);
  }

  public boolean changedAnything() {
    return corruptEntriesDropped + missingFilesRemoved + openChunksSealed + orphanFilesIndexed > 0
        || bytesTruncated > 0;
  }
}

package io.argusvms.recording;

import io.argusvms.archive.ChunkRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A ChunkSink for tests: keeps every report, and the latest record per chunk. */
final class ChunkLog implements ChunkSink {

  private final List<ChunkRecord> reports = new ArrayList<>();
  private final Map<Long, ChunkRecord> latest = new LinkedHashMap<>();

  @Override
  public synchronized void chunkUpdated(ChunkRecord chunk) {
    reports.add(chunk);
    latest.put(chunk.startMs(), chunk);
  }

  synchronized List<ChunkRecord> reports() {
    return List.copyOf(reports);
  }

  /** The last record of each chunk, in start order. */
  synchronized List<ChunkRecord> chunks() {
    return latest.values().stream().sorted((a, b) -> Long.compare(a.startMs(), b.startMs())).toList();
  }

  synchronized List<ChunkRecord> sealed() {
    return chunks().stream().filter(ChunkRecord::sealed).toList();
  }
}

package io.argusvms.playback;

import io.argusvms.archive.ChunkRecord;

/**
 * One HLS segment: the bytes of a chunk file from one keyframe to the next, so it decodes on its
 * own (it begins with the PAT/PMT written before the keyframe).
 */
record Segment(ChunkRecord chunk, int keyframeIndex, long startMs, long endMs, long offset, long length) {

  long durationMs() {
    return endMs - startMs;
  }
}

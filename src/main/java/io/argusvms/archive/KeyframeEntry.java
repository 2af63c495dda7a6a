package io.argusvms.archive;

/**
 * A keyframe inside a chunk file: its wall-clock time and the byte offset where an HLS segment
 * starting at it may begin (the PAT/PMT written just before the keyframe, so the segment decodes
 * on its own).
 */
public record KeyframeEntry(long timeMs, long byteOffset) {}

package io.argusvms.recording;

/** What a recording session is doing now; the camera's API status is derived from it. */
public enum RecorderState {
  /** Opening the stream (first try, or again after an error; the error says why it failed). */
  CONNECTING,
  /** Packets are arriving and being written. */
  RECORDING,
  /** Stopped on purpose (camera removed, disabled or moved). */
  STOPPED
}

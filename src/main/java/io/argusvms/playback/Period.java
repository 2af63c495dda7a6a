package io.argusvms.playback;

/** A span of recorded video of one camera on one server. */
public record Period(long startMs, long endMs, String serverId, boolean available) {}

package io.argusvms.system;

/**
 * A camera's standby: a second server that holds the camera's stream open and its last seconds in
 * memory, to take over from that buffer if the recording server dies. Published by the standby
 * server (runtime, not kept on disk).
 *
 * @param serverId the standby server
 * @param warm its buffer holds at least one keyframe: a takeover now loses nothing
 * @param error why it holds no stream now (the camera refused a second session, ...), or null
 * @param sinceMs when this state began (epoch ms)
 */
public record CameraStandby(String serverId, boolean warm, String error, long sinceMs) implements CborSerializable {}

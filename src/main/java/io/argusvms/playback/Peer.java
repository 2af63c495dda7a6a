package io.argusvms.playback;

/** Another server of the System as federation sees it: where its API is and whether it is up. */
public record Peer(String serverId, String url, boolean online) {}

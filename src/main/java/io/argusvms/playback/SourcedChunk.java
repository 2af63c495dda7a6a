package io.argusvms.playback;

import io.argusvms.archive.ChunkRecord;

/**
 * A chunk and the server whose archive holds it. For a chunk of another server, {@code chunk.path()}
 * is that server's path and means nothing here: its bytes are fetched through that server's API.
 */
public record SourcedChunk(String serverId, ChunkRecord chunk) {}

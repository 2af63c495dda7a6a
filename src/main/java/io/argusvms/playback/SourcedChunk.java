package io.argusvms.playback;

import io.argusvms.archive.ChunkRecord;

/**
 * A chunk and the server whose archive holds it. For a chunk of another server, {@code chunk.path()}
 * is that server's path and means nothing here: its bytes are fetched through that server's API.
 *
 * @param ownerStartMs the chunk's start as its server's catalog knows it (its key and its media
 *     URL), which stays when the overlap rule moves {@code chunk.startMs()} later
 */
public record SourcedChunk(String serverId, ChunkRecord chunk, long ownerStartMs) {
  public SourcedChunk(String serverId, ChunkRecord chunk) {
    this(serverId, chunk, chunk.startMs());
  }
}

package io.argusvms.playback;

import io.argusvms.archive.ChunkRecord;
import java.util.List;

/** Builds HLS playlists from catalog chunks (pure; no I/O). STUB: filled in by the playback work. */
public final class HlsPlaylists {
  private HlsPlaylists() {}

  /** Names the media of a chunk: the URL a player GETs (with a Range header) for its bytes. */
  @FunctionalInterface
  public interface SegmentUrls {
    String urlOf(ChunkRecord chunk);
  }

  /**
   * VOD playlist of [fromMs, toMs): one segment per keyframe interval as an EXT-X-BYTERANGE of its
   * chunk file, #EXT-X-DISCONTINUITY where recording stopped (gap) or the chunk/server changed
   * stream, #EXT-X-PROGRAM-DATE-TIME on each discontinuity, #EXT-X-ENDLIST at the end.
   */
  public static String vod(List<ChunkRecord> chunks, long fromMs, long toMs, SegmentUrls urls) {
    throw new UnsupportedOperationException("playback work in progress");
  }

  /**
   * Live (sliding window) playlist over the newest {@code windowSegments} complete segments of the
   * camera's newest chunks; the media sequence number is stable across reloads.
   */
  public static String live(List<ChunkRecord> recentChunks, int windowSegments, SegmentUrls urls) {
    throw new UnsupportedOperationException("playback work in progress");
  }
}

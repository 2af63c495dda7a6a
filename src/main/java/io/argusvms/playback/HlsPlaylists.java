package io.argusvms.playback;

import io.argusvms.archive.ChunkRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Builds HLS playlists from catalog chunks (pure; no I/O).
 *
 * <p><b>Discontinuity rule:</b> every change of chunk file is an {@code #EXT-X-DISCONTINUITY}, gap
 * or no gap. Each chunk is written by its own muxer instance, so its continuity counters restart
 * and its timestamps are not promised to continue the previous file's (a new recording session,
 * another server, a restarted camera all start a new file). Marking every boundary costs one tag a
 * minute and is always correct for hls.js (it re-derives the timestamp offset per discontinuity)
 * and for FFmpeg's HLS demuxer; leaving one out where timestamps jump stalls hls.js. Gaps between
 * chunks therefore need no rule of their own: the playlist timeline closes them, and
 * {@code #EXT-X-PROGRAM-DATE-TIME} after each discontinuity tells the player the wall-clock time.
 */
public final class HlsPlaylists {
  private HlsPlaylists() {}

  private static final DateTimeFormatter PROGRAM_DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** Names the media of a chunk: the URL a player GETs (with a Range header) for its bytes. */
  @FunctionalInterface
  public interface SegmentUrls {
    String urlOf(ChunkRecord chunk);
  }

  /**
   * VOD playlist of [fromMs, toMs): one segment per keyframe interval as an EXT-X-BYTERANGE of its
   * chunk file, #EXT-X-DISCONTINUITY where recording stopped (gap) or the chunk/server changed
   * stream, #EXT-X-PROGRAM-DATE-TIME on each discontinuity, #EXT-X-ENDLIST at the end. The first
   * segment is the one containing fromMs (it starts at the keyframe at or before it).
   */
  public static String vod(List<ChunkRecord> chunks, long fromMs, long toMs, SegmentUrls urls) {
    List<Segment> segments = new ArrayList<>();
    for (ChunkRecord chunk : byStart(chunks)) {
      for (Segment segment : ChunkSegments.of(chunk)) {
        if (segment.startMs() < toMs && segment.endMs() > fromMs) {
          segments.add(segment);
        }
      }
    }
    StringBuilder out = header(segments);
    out.append("#EXT-X-PLAYLIST-TYPE:VOD\n");
    out.append("#EXT-X-MEDIA-SEQUENCE:0\n");
    appendSegments(out, segments, urls, false);
    out.append("#EXT-X-ENDLIST\n");
    return out.toString();
  }

  /**
   * Live (sliding window) playlist over the newest {@code windowSegments} complete segments of the
   * camera's newest chunks (the bytes after an open chunk's last keyframe are not a segment yet).
   *
   * <p><b>Sequence numbers come from the camera's {@link LiveSequence}</b>: a segment keeps its
   * number across reloads, also when the older chunk leaves the window, and numbers never go
   * backwards (the old rule "chunk start + keyframe index" jumped once per chunk). The
   * discontinuity sequence counts chunks the same way. Every segment carries
   * #EXT-X-PROGRAM-DATE-TIME, so a player that switches servers (another numbering) realigns by
   * wall-clock time.
   */
  public static String live(List<ChunkRecord> recentChunks, int windowSegments, LiveSequence sequence,
      SegmentUrls urls) {
    List<Segment> all = new ArrayList<>();
    for (ChunkRecord chunk : byStart(recentChunks)) {
      all.addAll(ChunkSegments.of(chunk));
    }
    List<Segment> window = all.subList(Math.max(0, all.size() - Math.max(1, windowSegments)), all.size());
    StringBuilder out = header(window);
    LiveSequence.Numbers numbers = sequence.number(window);
    out.append("#EXT-X-MEDIA-SEQUENCE:").append(numbers.mediaSequence()).append('\n');
    out.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(numbers.discontinuitySequence()).append('\n');
    appendSegments(out, window, urls, true);
    return out.toString();
  }

  /** Milliseconds as seconds with three decimals ("%.3f" without String.format's cost per segment). */
  static StringBuilder appendSeconds(StringBuilder out, long ms) {
    if (ms < 0) return out.append(String.format(Locale.ROOT, "%.3f", ms / 1000.0));
    long frac = ms % 1000;
    return out.append(ms / 1000).append('.').append(frac < 100 ? (frac < 10 ? "00" : "0") : "").append(frac);
  }

  private static List<ChunkRecord> byStart(List<ChunkRecord> chunks) {
    List<ChunkRecord> sorted = new ArrayList<>(chunks);
    sorted.sort(Comparator.comparingLong(ChunkRecord::startMs));
    return sorted;
  }

  private static StringBuilder header(List<Segment> segments) {
    long longestMs = 0;
    for (Segment segment : segments) {
      longestMs = Math.max(longestMs, segment.durationMs());
    }
    // EXTINF rounded to the nearest second must not exceed it; ceil is the safe side.
    long targetSeconds = Math.max(1, (longestMs + 999) / 1000);
    StringBuilder out = new StringBuilder(128 + segments.size() * 160);
    out.append("#EXTM3U\n");
    out.append("#EXT-X-VERSION:4\n"); // 4: EXT-X-BYTERANGE
    out.append("#EXT-X-TARGETDURATION:").append(targetSeconds).append('\n');
    out.append("#EXT-X-INDEPENDENT-SEGMENTS\n"); // every segment starts at a keyframe
    return out;
  }

  private static void appendSegments(StringBuilder out, List<Segment> segments, SegmentUrls urls, boolean dateEverySegment) {
    ChunkRecord previousChunk = null;
    for (Segment segment : segments) {
      boolean newChunk = previousChunk != null && !previousChunk.equals(segment.chunk());
      if (newChunk) {
        out.append("#EXT-X-DISCONTINUITY\n");
      }
      if (previousChunk == null || newChunk || dateEverySegment) {
        out.append("#EXT-X-PROGRAM-DATE-TIME:").append(PROGRAM_DATE_TIME.format(Instant.ofEpochMilli(segment.startMs()))).append('\n');
      }
      appendSeconds(out.append("#EXTINF:"), segment.durationMs()).append(",\n");
      out.append("#EXT-X-BYTERANGE:").append(segment.length()).append('@').append(segment.offset()).append('\n');
      out.append(urls.urlOf(segment.chunk())).append('\n');
      previousChunk = segment.chunk();
    }
  }
}

package io.argusvms.playback;

import static io.argusvms.playback.SyntheticChunks.T0;
import static io.argusvms.playback.SyntheticChunks.chunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.KeyframeEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HlsPlaylistsTest {
  private static final long BASE = 1_000_000;

  @Test
  void vodStartsAtTheSegmentContainingFromAndMarksTheChunkChange() {
    ChunkRecord a = new ChunkRecord("cam", T0, T0 + 4_000, "/a.ts", 2_000,
        List.of(new KeyframeEntry(T0, 0), new KeyframeEntry(T0 + 2_000, 1_000)), true);
    ChunkRecord b = new ChunkRecord("cam", T0 + 4_000, T0 + 7_500, "/b.ts", 1_700,
        List.of(new KeyframeEntry(T0 + 4_000, 0), new KeyframeEntry(T0 + 6_000, 900)), true);

    String playlist = HlsPlaylists.vod(List.of(b, a), T0 + 2_500, T0 + 7_000, SyntheticChunks::url);

    assertEquals("""
        #EXTM3U
        #EXT-X-VERSION:4
        #EXT-X-TARGETDURATION:2
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-PLAYLIST-TYPE:VOD
        #EXT-X-MEDIA-SEQUENCE:0
        #EXT-X-PROGRAM-DATE-TIME:2024-05-01T12:00:02.000Z
        #EXTINF:2.000,
        #EXT-X-BYTERANGE:1000@1000
        /media/1714564800000.ts
        #EXT-X-DISCONTINUITY
        #EXT-X-PROGRAM-DATE-TIME:2024-05-01T12:00:04.000Z
        #EXTINF:2.000,
        #EXT-X-BYTERANGE:900@0
        /media/1714564804000.ts
        #EXTINF:1.500,
        #EXT-X-BYTERANGE:800@900
        /media/1714564804000.ts
        #EXT-X-ENDLIST
        """, playlist);
  }

  @Test
  void vodTargetDurationIsTheLongestSegmentRoundedUp() {
    ChunkRecord odd = new ChunkRecord("cam", T0, T0 + 6_100, "/a.ts", 6_100,
        List.of(new KeyframeEntry(T0, 0), new KeyframeEntry(T0 + 1_000, 1_000)), true);
    String playlist = HlsPlaylists.vod(List.of(odd), T0, T0 + 10_000, SyntheticChunks::url);
    assertTrue(playlist.contains("#EXT-X-TARGETDURATION:6\n"), playlist);
    assertTrue(playlist.contains("#EXTINF:5.100,\n#EXT-X-BYTERANGE:5100@1000\n"), playlist);
  }

  @Test
  void vodOfAnEmptySpanIsValidAndEnded() {
    String playlist = HlsPlaylists.vod(List.of(chunk(T0, 10_000, 2_000, true)), T0 + 20_000, T0 + 30_000, SyntheticChunks::url);
    assertTrue(playlist.startsWith("#EXTM3U\n"));
    assertFalse(playlist.contains("#EXTINF"));
    assertTrue(playlist.endsWith("#EXT-X-ENDLIST\n"));
  }

  @Test
  void vodLeavesOutTheUnfinishedTailOfAnOpenChunk() {
    ChunkRecord open = chunk(T0, 5_000, 2_000, false); // keyframes at 0, 2, 4 s; 4..5 s still growing
    String playlist = HlsPlaylists.vod(List.of(open), T0, T0 + 60_000, SyntheticChunks::url);
    assertEquals(2, count(playlist, "#EXTINF"));
    assertFalse(playlist.contains("@4000"));
  }

  @Test
  void liveShowsOnlyCompleteSegmentsOfTheOpenChunkAndNoEndList() {
    ChunkRecord open = chunk(T0, 9_000, 2_000, false); // keyframes at 0,2,4,6,8 s: 4 complete segments
    String playlist = HlsPlaylists.live(List.of(open), 3, new LiveSequence(BASE), SyntheticChunks::url);
    assertEquals(3, count(playlist, "#EXTINF"));
    assertTrue(playlist.contains("#EXT-X-MEDIA-SEQUENCE:" + BASE + "\n"), playlist);
    assertTrue(playlist.contains("#EXT-X-BYTERANGE:2000@6000\n"), "newest complete segment 6..8 s");
    assertFalse(playlist.contains("@8000"), "tail after the last keyframe is not a segment yet");
    assertFalse(playlist.contains("ENDLIST"));
    assertFalse(playlist.contains("PLAYLIST-TYPE"));
  }

  @Test
  void liveSegmentKeepsItsSequenceNumberAcrossReloadsAsTheChunkGrows() {
    LiveSequence sequence = new LiveSequence(BASE);
    Map<Long, String> before = numbered(HlsPlaylists.live(List.of(chunk(T0, 7_000, 2_000, false)), 3, sequence, SyntheticChunks::url));
    Map<Long, String> after = numbered(HlsPlaylists.live(List.of(chunk(T0, 11_000, 2_000, false)), 3, sequence, SyntheticChunks::url));
    long shared = before.keySet().stream().filter(after::containsKey).count();
    assertEquals(1, shared, "window of 3 slid by 2 segments: " + before + " / " + after);
    before.forEach((seq, segment) -> {
      if (after.containsKey(seq)) {
        assertEquals(segment, after.get(seq), "sequence " + seq);
      }
    });
  }

  @Test
  void liveWindowAcrossChunksMarksTheChangeAndKeepsNumbers() {
    ChunkRecord sealed = chunk(T0, 6_000, 2_000, true);
    ChunkRecord openEarly = chunk(T0 + 6_000, 3_000, 2_000, false);
    ChunkRecord openLater = chunk(T0 + 6_000, 5_000, 2_000, false);

    LiveSequence sequence = new LiveSequence(BASE);
    String spanning = HlsPlaylists.live(List.of(sealed, openEarly), 3, sequence, SyntheticChunks::url);
    assertEquals(1, count(spanning, "#EXT-X-DISCONTINUITY\n"));
    assertTrue(spanning.contains("#EXT-X-DISCONTINUITY-SEQUENCE:" + BASE + "\n"), spanning);
    String stillSpanning = HlsPlaylists.live(List.of(sealed, openLater), 3, sequence, SyntheticChunks::url);
    Map<Long, String> first = numbered(spanning);
    Map<Long, String> second = numbered(stillSpanning);
    first.forEach((seq, segment) -> {
      if (second.containsKey(seq)) {
        assertEquals(segment, second.get(seq), "sequence " + seq);
      }
    });
    assertTrue(first.keySet().stream().anyMatch(second::containsKey));
  }

  @Test
  void liveNumbersStayWhenAnOlderChunkLeavesTheWindow() {
    LiveSequence sequence = new LiveSequence(BASE);
    ChunkRecord sealed = chunk(T0, 6_000, 2_000, true);
    ChunkRecord open = chunk(T0 + 6_000, 9_000, 2_000, false); // 4 complete segments: window holds only it
    String spanning = HlsPlaylists.live(List.of(sealed, chunk(T0 + 6_000, 5_000, 2_000, false)), 3, sequence, SyntheticChunks::url);
    String alone = HlsPlaylists.live(List.of(sealed, open), 3, sequence, SyntheticChunks::url);
    assertEquals(0, count(alone, "#EXT-X-DISCONTINUITY\n"));
    Map<Long, String> before = numbered(spanning);
    Map<Long, String> after = numbered(alone);
    before.forEach((seq, segment) -> {
      if (after.containsKey(seq)) {
        assertEquals(segment, after.get(seq), "sequence " + seq);
      }
    });
    assertEquals(value(spanning, "#EXT-X-MEDIA-SEQUENCE:") + 2, value(alone, "#EXT-X-MEDIA-SEQUENCE:"),
        "the window slid by two segments: " + before + " / " + after);
    assertEquals(value(spanning, "#EXT-X-DISCONTINUITY-SEQUENCE:") + 1, value(alone, "#EXT-X-DISCONTINUITY-SEQUENCE:"));
  }

  @Test
  void liveWithoutCompleteSegmentsIsAnEmptyOpenPlaylist() {
    String playlist = HlsPlaylists.live(List.of(chunk(T0, 1_500, 2_000, false)), 3, new LiveSequence(BASE), SyntheticChunks::url);
    assertFalse(playlist.contains("#EXTINF"));
    assertFalse(playlist.contains("ENDLIST"));
    assertTrue(playlist.contains("#EXT-X-TARGETDURATION:"));
  }

  /** Sequence number -> "byterange uri" of each segment of a live playlist. */
  private static Map<Long, String> numbered(String playlist) {
    Map<Long, String> bySequence = new LinkedHashMap<>();
    long next = value(playlist, "#EXT-X-MEDIA-SEQUENCE:");
    String[] lines = playlist.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("#EXT-X-BYTERANGE:")) {
        bySequence.put(next++, lines[i].substring("#EXT-X-BYTERANGE:".length()) + " " + lines[i + 1]);
      }
    }
    return bySequence;
  }

  private static long value(String playlist, String tag) {
    for (String line : playlist.split("\n")) {
      if (line.startsWith(tag)) {
        return Long.parseLong(line.substring(tag.length()));
      }
    }
    throw new AssertionError("no " + tag + " in\n" + playlist);
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      n++;
    }
    return n;
  }
}

package io.argusvms.playback;

import static io.argusvms.playback.SyntheticChunks.T0;
import static io.argusvms.playback.SyntheticChunks.chunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.archive.ChunkRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Live playlists reloaded while chunks grow, get sealed, are deleted by retention, and appear
 * late: the table says which number each segment of the window gets. Segments are named by chunk
 * letter and keyframe index (A3: chunk A's fourth keyframe interval); keyframes every second.
 */
class LiveSequenceTest {
  private static final long A = T0;
  private static final long B = T0 + 5_000;
  private static final long X = T0 + 10_000;
  private static final long C = T0 + 11_000;
  private static final Map<Long, String> NAMES = Map.of(A, "A", B, "B", X, "X", C, "C");

  /** One reload: what the catalog holds, the expected "number:segment" window and discontinuity sequence. */
  record Reload(String what, List<ChunkRecord> chunks, String expected, long discontinuitySequence, boolean renumbers) {}

  static ChunkRecord open(long start, long ms) {
    return chunk(start, ms, 1_000, false);
  }

  static ChunkRecord sealed(long start, long ms) {
    return chunk(start, ms, 1_000, true);
  }

  static final List<Reload> TABLE = List.of(
      new Reload("first segments of A", List.of(open(A, 2_500)), "100:A0 101:A1", 100, false),
      new Reload("A grows, the window slides", List.of(open(A, 4_500)), "101:A1 102:A2 103:A3", 100, false),
      new Reload("A sealed, B begins", List.of(sealed(A, 5_000), open(B, 1_500)), "103:A3 104:A4 105:B0", 100, false),
      new Reload("A leaves the window: no jump", List.of(sealed(A, 5_000), open(B, 3_500)), "105:B0 106:B1 107:B2", 101, false),
      new Reload("retention deleted A", List.of(open(B, 5_500)), "107:B2 108:B3 109:B4", 101, false),
      new Reload("C open without a whole segment", List.of(sealed(B, 6_000), open(C, 500)), "108:B3 109:B4 110:B5", 101, false),
      new Reload("C's first segments", List.of(sealed(B, 6_000), open(C, 2_500)), "110:B5 111:C0 112:C1", 101, false),
      new Reload("C reloaded unchanged", List.of(sealed(B, 6_000), open(C, 2_900)), "110:B5 111:C0 112:C1", 101, false),
      // A chunk that shows up inside the window (recovered late) cannot keep both rules: the window
      // jumps forward to numbers never used, rather than reusing one or going back.
      new Reload("X appears between B and C", List.of(sealed(B, 6_000), sealed(X, 1_000), open(C, 2_500)),
          "113:X0 114:C0 115:C1", 103, true),
      new Reload("and stays", List.of(sealed(X, 1_000), open(C, 3_500)), "114:C0 115:C1 116:C2", 104, false));

  @Test
  void segmentsKeepConsecutiveNumbersAcrossReloadsWhileChunksComeAndGo() {
    LiveSequence sequence = new LiveSequence(100);
    Map<String, Long> numberOf = new HashMap<>();
    Map<Long, String> segmentOf = new HashMap<>();
    long lastFirst = Long.MIN_VALUE;
    for (Reload reload : TABLE) {
      String playlist = HlsPlaylists.live(reload.chunks(), 3, sequence, SyntheticChunks::url);
      List<String> window = window(playlist);
      assertEquals(reload.expected(), String.join(" ", window), reload.what() + ":\n" + playlist);
      assertEquals(reload.discontinuitySequence(), value(playlist, "#EXT-X-DISCONTINUITY-SEQUENCE:"), reload.what());
      long first = value(playlist, "#EXT-X-MEDIA-SEQUENCE:");
      assertTrue(first >= lastFirst, reload.what() + ": the media sequence never goes back");
      lastFirst = first;
      for (String numbered : window) {
        long n = Long.parseLong(numbered.substring(0, numbered.indexOf(':')));
        String segment = numbered.substring(numbered.indexOf(':') + 1);
        String before = segmentOf.put(n, segment);
        assertTrue(before == null || before.equals(segment), reload.what() + ": " + n + " was " + before);
        Long had = numberOf.put(segment, n);
        assertTrue(reload.renumbers() || had == null || had == n, reload.what() + ": " + segment + " was " + had);
      }
    }
  }

  @Test
  void aRestartedServerNumbersFromItsNewBaseAboveTheOldNumbers() {
    LiveSequence before = new LiveSequence(100);
    List<ChunkRecord> chunks = List.of(sealed(B, 6_000), open(C, 2_500));
    String old = HlsPlaylists.live(chunks, 3, before, SyntheticChunks::url);
    String restarted = HlsPlaylists.live(chunks, 3, new LiveSequence(200), SyntheticChunks::url);
    assertEquals("200:B5 201:C0 202:C1", String.join(" ", window(restarted)));
    assertTrue(value(restarted, "#EXT-X-MEDIA-SEQUENCE:") > value(old, "#EXT-X-MEDIA-SEQUENCE:"));
  }

  /** "number:segment" of each segment of the playlist, oldest first. */
  private static List<String> window(String playlist) {
    List<String> out = new ArrayList<>();
    long next = value(playlist, "#EXT-X-MEDIA-SEQUENCE:");
    String[] lines = playlist.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("#EXT-X-BYTERANGE:")) {
        long offset = Long.parseLong(lines[i].substring(lines[i].indexOf('@') + 1));
        String uri = lines[i + 1];
        long start = Long.parseLong(uri.substring(uri.lastIndexOf('/') + 1, uri.length() - 3));
        out.add(next++ + ":" + NAMES.get(start) + offset / 1_000);
      }
    }
    return out;
  }

  private static long value(String playlist, String tag) {
    return playlist.lines().filter(l -> l.startsWith(tag)).map(l -> Long.parseLong(l.substring(tag.length())))
        .findFirst().orElseThrow(() -> new AssertionError("no " + tag + " in\n" + playlist));
  }
}

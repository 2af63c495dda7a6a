package io.argusvms.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.archive.ChunkRecord;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plays VOD playlists built from real chunk files through FFmpeg's HLS demuxer over HTTP with
 * byte ranges: every frame in the span must decode, across chunk boundaries (where each file's
 * timestamps restart) and across a gap.
 */
class HlsPlaybackThroughFfmpegTest {
  static final long T0 = 1_714_564_800_000L; // 2024-05-01T12:00:00Z

  @TempDir Path dir;
  RangeFileServer server;
  List<ChunkRecord> chunks;

  @BeforeEach
  void recordAndServe() throws Exception {
    chunks = List.of(
        TsFixtures.chunk(dir.resolve("1.ts"), "cam", T0, 60),
        TsFixtures.chunk(dir.resolve("2.ts"), "cam", T0 + 2_400, 60),
        TsFixtures.chunk(dir.resolve("3.ts"), "cam", T0 + 9_800, 60));
    server = new RangeFileServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void wholeArchivePlaysEveryFrameOfEveryChunk() throws Exception {
    server.setPlaylist(HlsPlaylists.vod(chunks, T0, T0 + 20_000, server::urlOf));
    assertEquals(180, decodedFrames());
    assertTrue(server.rangeRequests() >= 9, "one range request per segment, got " + server.rangeRequests());
  }

  @Test
  void spanStartingMidGopPlaysFromTheKeyframeBeforeIt() throws Exception {
    // from 1.2 s into the first chunk (keyframe at 1.0 s) to 1.0 s into the third chunk
    server.setPlaylist(HlsPlaylists.vod(chunks, T0 + 1_200, T0 + 10_800, server::urlOf));
    assertEquals(35 + 60 + 25, decodedFrames());
  }

  private int decodedFrames() throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(server.baseUrl() + "/archive.m3u8")) {
      grabber.setOption("rw_timeout", "5000000"); // microseconds; a broken server must not hang the test
      grabber.start();
      int frames = 0;
      while (grabber.grabImage() != null) {
        frames++;
      }
      return frames;
    }
  }
}

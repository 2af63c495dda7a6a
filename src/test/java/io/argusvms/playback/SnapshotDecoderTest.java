package io.argusvms.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.argusvms.archive.ChunkRecord;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real H.264 in MPEG-TS (encoded by the bundled FFmpeg), cut at keyframes as a snapshot reads it. */
class SnapshotDecoderTest {
  @TempDir Path dir;

  @Test
  void aKeyframeInTheMiddleOfAChunkDecodesToAJpegOfTheAskedWidth() throws Exception {
    ChunkRecord c = TsFixtures.chunk(dir.resolve("c.ts"), "cam", 0, 3 * TsFixtures.GOP);
    byte[] ts = Files.readAllBytes(Path.of(c.path()));
    long from = c.keyframes().get(1).byteOffset();
    long to = c.keyframes().get(2).byteOffset();
    byte[] gop = Arrays.copyOfRange(ts, (int) from, (int) to);

    BufferedImage own = ImageIO.read(new ByteArrayInputStream(SnapshotDecoder.jpeg(new ByteArrayInputStream(gop), null)));
    assertEquals(160, own.getWidth());
    assertEquals(120, own.getHeight());
    BufferedImage small = ImageIO.read(new ByteArrayInputStream(SnapshotDecoder.jpeg(new ByteArrayInputStream(gop), 40)));
    assertEquals(40, small.getWidth());
    assertEquals(30, small.getHeight());
    // Not a flat picture: the fixture draws a gradient.
    assertTrue(own.getRGB(5, 5) != own.getRGB(150, 110), "a picture, not a blank");
  }

  @Test
  void bytesWithoutAPictureAreAnIoErrorNotACrash() {
    assertThrows(IOException.class, () -> SnapshotDecoder.jpeg(new ByteArrayInputStream(new byte[188 * 10]), null));
    assertThrows(IOException.class, () -> SnapshotDecoder.jpeg(new ByteArrayInputStream("garbage".getBytes()), 100));
  }
}

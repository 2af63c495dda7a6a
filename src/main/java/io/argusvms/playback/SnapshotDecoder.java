package io.argusvms.playback;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/** A keyframe's MPEG-TS (from the PAT before it) decoded to a JPEG, scaled to a width if asked. */
final class SnapshotDecoder {
  /** Frames read at most before giving up (a keyframe is the first picture; a few of slack). */
  private static final int MAX_FRAMES = 10;

  private SnapshotDecoder() {}

  /**
   * @param width the JPEG's width (height in proportion), or null for the camera's own
   * @throws IOException when the bytes hold no picture that decodes
   */
  static byte[] jpeg(InputStream ts, Integer width) throws IOException {
    BufferedImage picture;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(ts, 0);
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      grabber.setFormat("mpegts");
      grabber.start();
      picture = null;
      for (int i = 0; i < MAX_FRAMES && picture == null; i++) {
        Frame f = grabber.grabImage();
        if (f == null) break;
        if (f.image != null) picture = copy(converter.convert(f)); // the converter reuses its buffer
      }
      grabber.stop();
    } catch (FrameGrabber.Exception e) {
      throw new IOException("cannot decode the keyframe: " + e.getMessage(), e);
    }
    if (picture == null) throw new IOException("no picture in the keyframe's bytes");
    BufferedImage out = width == null ? picture : scaled(picture, width);
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    if (!ImageIO.write(out, "jpg", jpeg)) throw new IOException("no JPEG writer in this JVM");
    return jpeg.toByteArray();
  }

  private static BufferedImage copy(BufferedImage in) {
    BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    out.getGraphics().drawImage(in, 0, 0, null);
    return out;
  }

  private static BufferedImage scaled(BufferedImage in, int width) {
    int height = Math.max(1, (int) Math.round((double) in.getHeight() * width / in.getWidth()));
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    var g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(in, 0, 0, width, height, null);
    g.dispose();
    return out;
  }
}

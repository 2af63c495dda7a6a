package io.argusvms.recording;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Draws the demo camera's picture straight into YUV 4:2:0 planes: moving colour bars, a bouncing
 * box and the wall clock (UTC) in a built-in 5x7 digit font. Plain Java, no AWT, so it runs on a
 * headless server without fonts.
 */
final class DemoPicture {

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  // 5x7 glyphs, one string of 7 rows per character, '#' = lit.
  private static final String GLYPHS = "0123456789:-. ";
  private static final String[] FONT = {
      " ### #   ##  ### # ##   ##   # ### ", "  #   ##    #    #    #    #   ### ",
      " ### #   #    #  ##  #   #    #####", " ### #   #    #  ##     ##   # ### ",
      "   #   ##  # # #   #####   #    #  ", "######    ####     #    ##   # ### ",
      " ### #    #    #### #   ##   # ### ", "#####    #   #   #   #    #    #   ",
      " ### #   ##   # ### #   ##   # ### ", " ### #   ##   # ####    #    # ### ",
      "       ##   ##        ##   ##      ", "                ###                ",
      "                              ##   ", "                                   "};

  final int width;
  final int height;
  final byte[] y;
  final byte[] u;
  final byte[] v;

  DemoPicture(int width, int height) {
    this.width = width;
    this.height = height;
    this.y = new byte[width * height];
    this.u = new byte[(width / 2) * (height / 2)];
    this.v = new byte[(width / 2) * (height / 2)];
  }

  /** Draws frame number {@code frame} showing the time {@code wallClockMs}. */
  void draw(long frame, long wallClockMs) {
    int shift = (int) (frame * 4 % width);
    for (int row = 0; row < height; row++) {
      for (int col = 0; col < width; col++) {
        y[row * width + col] = (byte) (40 + ((col + shift) * 8 / width) * 22);
      }
    }
    for (int row = 0; row < height / 2; row++) {
      for (int col = 0; col < width / 2; col++) {
        int bar = ((col * 2 + shift) * 8 / width) % 8;
        u[row * (width / 2) + col] = (byte) (128 + (bar - 4) * 20);
        v[row * (width / 2) + col] = (byte) (128 + (3 - bar) * 20);
      }
    }
    int box = height / 4;
    int bx = (int) Math.abs((frame * 6) % (2L * (width - box)) - (width - box));
    int by = (int) Math.abs((frame * 3) % (2L * (height - box)) - (height - box));
    fill(bx, by, box, box, (byte) 235);
    int scale = Math.max(1, Math.min(3, (width - 16) / (23 * 6))); // the clock fits small pictures
    text(CLOCK.format(Instant.ofEpochMilli(wallClockMs)), 8 * scale / 3, height - 8 * scale - 8 * scale / 3, scale);
  }

  private void fill(int x0, int y0, int w, int h, byte luma) {
    for (int row = Math.max(0, y0); row < Math.min(height, y0 + h); row++) {
      for (int col = Math.max(0, x0); col < Math.min(width, x0 + w); col++) {
        y[row * width + col] = luma;
      }
    }
  }

  private void text(String s, int x, int top, int scale) {
    fill(x - scale, top - scale, s.length() * 6 * scale + scale, 9 * scale, (byte) 16);
    for (int i = 0; i < s.length(); i++) {
      int g = GLYPHS.indexOf(s.charAt(i));
      if (g < 0) continue;
      String glyph = FONT[g];
      for (int row = 0; row < 7; row++) {
        for (int col = 0; col < 5; col++) {
          if (glyph.charAt(row * 5 + col) == '#') {
            fill(x + (i * 6 + col) * scale, top + row * scale, scale, scale, (byte) 235);
          }
        }
      }
    }
  }
}

package io.argusvms.recording;

/**
 * Picture size, frame rate and bit rate of a {@code demo://} camera, from its URL's query:
 * {@code demo://name?width=64&height=36&fps=5&bitrate=50000}. Every parameter is optional; plain
 * {@code demo://name} is the 640x360, 25 fps, 1 Mbit/s camera. Tiny, slow demo cameras cost
 * almost no CPU, so a benchmark can run hundreds of them on one machine.
 *
 * @param bitRate target bits per second of the encoder
 */
record DemoOptions(int width, int height, int fps, int bitRate) {

  static final DemoOptions DEFAULT = new DemoOptions(640, 360, 25, 1_000_000);

  DemoOptions {
    check("width", width, 16, 3840);
    check("height", height, 16, 2160);
    check("fps", fps, 1, 60);
    check("bitrate", bitRate, 10_000, 50_000_000);
    if (width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("demo camera: width and height must be even (YUV 4:2:0)");
    }
  }

  /**
   * @param query the URL's decoded query, or null
   * @throws IllegalArgumentException naming the parameter and its allowed range
   */
  static DemoOptions parse(String query) {
    if (query == null || query.isBlank()) return DEFAULT;
    int width = DEFAULT.width;
    int height = DEFAULT.height;
    int fps = DEFAULT.fps;
    int bitRate = DEFAULT.bitRate;
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      switch (key) {
        case "width" -> width = number(key, value);
        case "height" -> height = number(key, value);
        case "fps" -> fps = number(key, value);
        case "bitrate" -> bitRate = number(key, value);
        default -> throw new IllegalArgumentException(
            "demo camera: unknown parameter '" + key + "' (width, height, fps, bitrate)");
      }
    }
    return new DemoOptions(width, height, fps, bitRate);
  }

  private static int number(String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("demo camera: " + key + " must be a whole number, not '" + value + "'");
    }
  }

  private static void check(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("demo camera: " + key + " must be " + min + ".." + max + ", not " + value);
    }
  }
}

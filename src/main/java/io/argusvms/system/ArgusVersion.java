package io.argusvms.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version this server reports (system info, discovery beacons, merge compatibility,
 * {@code bin/argus --version}): the project's version, written into {@code argus-version.properties}
 * when the build copies the resources.
 */
public final class ArgusVersion {
  private ArgusVersion() {}

  public static final String VERSION = read();

  private static String read() {
    try (InputStream in = ArgusVersion.class.getResourceAsStream("/argus-version.properties")) {
      if (in == null) throw new IllegalStateException("argus-version.properties is missing from the classpath");
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

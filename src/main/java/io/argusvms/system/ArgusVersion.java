package io.argusvms.system;

/** The version this server reports (system info, discovery beacons, merge compatibility, --version). */
public final class ArgusVersion {
  private ArgusVersion() {}

  public static final String VERSION = "0.1.0";
}

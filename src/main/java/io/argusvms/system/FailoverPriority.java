package io.argusvms.system;

import java.util.Locale;
import java.util.Optional;

/** Which cameras move first when their home server is gone; NEVER waits for the home server. */
public enum FailoverPriority {
  HIGH,
  MEDIUM,
  LOW,
  NEVER;

  /** The one default for cameras that do not say: High cameras have a hot standby. */
  public boolean hasStandbyByDefault() {
    return this == HIGH;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<FailoverPriority> parse(String s) {
    if (s == null) return Optional.empty();
    for (FailoverPriority p : values()) if (p.wireName().equals(s.toLowerCase(Locale.ROOT))) return Optional.of(p);
    return Optional.empty();
  }
}

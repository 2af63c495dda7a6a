package io.argusvms.http;

import java.util.Optional;

/**
 * One satisfiable byte range of a resource of known size, parsed from a {@code Range} header
 * (RFC 9110: {@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}).
 *
 * @param last inclusive
 */
public record ByteRange(long first, long last) {

  public long length() {
    return last - first + 1;
  }

  /** Thrown for a well-formed range that lies past the end (416). */
  public static final class Unsatisfiable extends RuntimeException {
    Unsatisfiable() {
      super("range not satisfiable", null, false, false);
    }
  }

  /**
   * Empty when the whole resource should be served (no header, a unit other than bytes, several
   * ranges, or syntax we do not understand: RFC 9110 lets a server ignore Range).
   */
  public static Optional<ByteRange> parse(String header, long size) {
    if (header == null) return Optional.empty();
    String h = header.strip();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6)) return Optional.empty();
    String spec = h.substring(6).strip();
    if (spec.contains(",")) return Optional.empty();
    int dash = spec.indexOf('-');
    if (dash < 0) return Optional.empty();
    try {
      String a = spec.substring(0, dash).strip();
      String b = spec.substring(dash + 1).strip();
      if (a.isEmpty()) {
        long suffix = Long.parseLong(b);
        if (suffix <= 0 || size == 0) throw new Unsatisfiable();
        return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
      }
      long first = Long.parseLong(a);
      long last = b.isEmpty() ? size - 1 : Long.parseLong(b);
      if (first >= size) throw new Unsatisfiable();
      if (last < first) return Optional.empty();
      return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}

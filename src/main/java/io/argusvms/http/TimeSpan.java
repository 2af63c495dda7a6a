package io.argusvms.http;

import io.argusvms.system.ServiceException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** A validated [fromMs, toMs) from the {@code from}/{@code to} query parameters (epoch ms). */
public record TimeSpan(long fromMs, long toMs) {
  public static final Duration MAX_PLAYBACK = Duration.ofHours(24);
  public static final Duration MAX_PERIODS = Duration.ofDays(366);
  private static final AllDirectives D = new AllDirectives() {};

  /** The span of the request's {@code from} and {@code to} parameters (400 when missing or bad). */
  static Route param(Duration maxSpan, Function<TimeSpan, Route> inner) {
    return D.parameterOptional("from", from -> D.parameterOptional("to", to -> inner.apply(parse(from, to, maxSpan))));
  }

  public static TimeSpan parse(Optional<String> from, Optional<String> to, Duration maxSpan) {
    long f = epochMs("from", from);
    long t = epochMs("to", to);
    if (f >= t) throw ServiceException.badRequest("to", "must be after from");
    // Subtract only once both are known to be ordered, so a huge span cannot overflow.
    if (Math.subtractExact(t, f) > maxSpan.toMillis()) {
      throw ServiceException.badRequest("to", "the span from..to may be at most " + describe(maxSpan)
          + "; ask for a shorter span");
    }
    return new TimeSpan(f, t);
  }

  /** An epoch-ms query parameter (400 naming {@code field} when missing, negative or not a number). */
  static long epochMs(String field, Optional<String> raw) {
    String s = raw.orElseThrow(() -> ServiceException.badRequest(field, "required (epoch milliseconds)"));
    try {
      long v = Long.parseLong(s.strip());
      if (v < 0) throw ServiceException.badRequest(field, "must not be negative");
      return v;
    } catch (NumberFormatException e) {
      throw ServiceException.badRequest(field, "must be epoch milliseconds (an integer), not '" + s + "'");
    }
  }

  private static String describe(Duration d) {
    return d.toHours() % 24 == 0 && d.toDays() > 1 ? d.toDays() + " days" : d.toHours() + " hours";
  }
}

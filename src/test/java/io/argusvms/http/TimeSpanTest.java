package io.argusvms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.argusvms.system.ServiceException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimeSpanTest {
  @Test
  void aDayIsAllowedForPlaybackAndOneMsMoreIsNot() {
    long day = 86_400_000L;
    assertEquals(new TimeSpan(0, day), TimeSpan.parse(Optional.of("0"), Optional.of("" + day), TimeSpan.MAX_PLAYBACK));
    ServiceException e = assertThrows(ServiceException.class,
        () -> TimeSpan.parse(Optional.of("0"), Optional.of("" + (day + 1)), TimeSpan.MAX_PLAYBACK));
    assertEquals(400, e.status());
  }

  @Test
  void extremeValuesAreA400NotAnOverflow() {
    ServiceException e = assertThrows(ServiceException.class,
        () -> TimeSpan.parse(Optional.of("0"), Optional.of("" + Long.MAX_VALUE), TimeSpan.MAX_PERIODS));
    assertEquals(400, e.status());
    assertThrows(ServiceException.class,
        () -> TimeSpan.parse(Optional.of("-5"), Optional.of("5"), TimeSpan.MAX_PERIODS));
    assertThrows(ServiceException.class,
        () -> TimeSpan.parse(Optional.of("99999999999999999999"), Optional.of("5"), TimeSpan.MAX_PERIODS));
  }
}

package io.argusvms.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesFromMinimumUpToMaximumAndResets() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    List<Long> waits = Stream.generate(b::nextDelay).limit(7).map(Duration::toSeconds).toList();
    assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L), waits);
    b.reset();
    assertEquals(Duration.ofSeconds(1), b.nextDelay());
  }
}

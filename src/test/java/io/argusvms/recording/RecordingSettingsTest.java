package io.argusvms.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecordingSettingsTest {

  @Test
  void readsTheShippedConfiguration() {
    // the shipped file, so a renamed key fails here rather than at a customer's start
    File conf = new File("conf/application.conf");
    RecordingSettings s = RecordingSettings.create(
        ConfigFactory.parseFile(conf).resolve().getConfig("argus.recording"));
    assertEquals(new RecordingSettings(Duration.ofSeconds(60), Duration.ofSeconds(1),
        Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30)), s);
  }

  @Test
  void readsOverriddenDurations() {
    RecordingSettings s = RecordingSettings.create(ConfigFactory.parseString(
        "chunk-duration = 10s, flush-interval = 250ms, socket-timeout = 3s,"
            + " reconnect-min = 500ms, reconnect-max = 1m"));
    assertEquals(Duration.ofSeconds(10), s.chunkDuration());
    assertEquals(Duration.ofMillis(250), s.flushInterval());
    assertEquals(Duration.ofSeconds(3), s.socketTimeout());
    assertEquals(Duration.ofMillis(500), s.reconnectMin());
    assertEquals(Duration.ofMinutes(1), s.reconnectMax());
  }

  @Test
  void rejectsABackoffMaximumBelowItsMinimum() {
    assertThrows(IllegalArgumentException.class, () -> RecordingSettings.create(ConfigFactory.parseString(
        "chunk-duration = 10s, flush-interval = 1s, socket-timeout = 3s,"
            + " reconnect-min = 10s, reconnect-max = 1s")));
  }
}

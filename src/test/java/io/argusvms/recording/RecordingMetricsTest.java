package io.argusvms.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecordingMetricsTest {

  @Test
  void rendersCountersAsPrometheusText() {
    RecordingMetrics m = new RecordingMetrics();
    m.addBytesWritten(1000);
    m.addBytesWritten(880);
    m.chunkSealed();
    m.reconnected();
    m.reconnected();
    m.packetDropped();
    m.standbyPromoted();
    String text = m.prometheusText();
    assertTrue(text.contains("\nargus_recording_bytes_total 1880\n"), text);
    assertTrue(text.contains("\nargus_recording_chunks_sealed_total 1\n"), text);
    assertTrue(text.contains("\nargus_recording_reconnects_total 2\n"), text);
    assertTrue(text.contains("\nargus_recording_packets_dropped_total 1\n"), text);
    assertTrue(text.contains("# TYPE argus_recording_bytes_total counter\n"), text);
    assertTrue(text.contains("\nargus_standby_takeovers_total 1\n"), text);
    assertEquals(15, text.lines().count(), "HELP, TYPE and value per counter");
  }
}

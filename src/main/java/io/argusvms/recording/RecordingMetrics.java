package io.argusvms.recording;

import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide recording counters, summed over all cameras, for the node's metrics endpoint.
 * LongAdder because every recording thread adds to them on every flush or packet.
 */
public final class RecordingMetrics {

  private static final RecordingMetrics GLOBAL = new RecordingMetrics();

  private final LongAdder bytesWritten = new LongAdder();
  private final LongAdder chunksSealed = new LongAdder();
  private final LongAdder reconnects = new LongAdder();
  private final LongAdder packetsDropped = new LongAdder();
  private final LongAdder standbysPromoted = new LongAdder();

  /** The counters of this process; tests may make their own instance. */
  public static RecordingMetrics global() {
    return GLOBAL;
  }

  public void addBytesWritten(long bytes) {
    bytesWritten.add(bytes);
  }

  public void chunkSealed() {
    chunksSealed.increment();
  }

  public void reconnected() {
    reconnects.increment();
  }

  public void packetDropped() {
    packetsDropped.increment();
  }

  public void standbyPromoted() {
    standbysPromoted.increment();
  }

  public long standbysPromoted() {
    return standbysPromoted.sum();
  }

  public long bytesWritten() {
    return bytesWritten.sum();
  }

  public long chunksSealed() {
    return chunksSealed.sum();
  }

  public long reconnects() {
    return reconnects.sum();
  }

  public long packetsDropped() {
    return packetsDropped.sum();
  }

  /** The counters in the Prometheus text exposition format, each with HELP and TYPE lines. */
  public String prometheusText() {
    StringBuilder out = new StringBuilder();
    counter(out, "argus_recording_bytes_total", "Bytes of video flushed to chunk files.", bytesWritten());
    counter(out, "argus_recording_chunks_sealed_total", "Chunk files closed.", chunksSealed());
    counter(out, "argus_recording_reconnects_total", "Stream reconnect attempts after an error.", reconnects());
    counter(out, "argus_recording_packets_dropped_total",
        "Packets not written: before the first keyframe, without timestamps, or with a non-increasing DTS.",
        packetsDropped());
    counter(out, "argus_standby_takeovers_total", "Recordings started from a standby's open stream and buffer.",
        standbysPromoted());
    return out.toString();
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    out.append(name).append(' ').append(value).append('\n');
  }
}

package io.argusvms.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts by method and status, and a latency histogram (time to the response headers; a
 * streamed body is not waited for), in Prometheus text format. Lock-free: every request updates it.
 */
public final class HttpMetrics {
  private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final LongAdder[] bucketCounts = new LongAdder[BUCKETS.length];
  private final LongAdder count = new LongAdder();
  private final DoubleAdder sumSeconds = new DoubleAdder();

  public HttpMetrics() {
    for (int i = 0; i < BUCKETS.length; i++) bucketCounts[i] = new LongAdder();
  }

  public void record(String method, int status, long nanos) {
    requests.computeIfAbsent(method + "\u0000" + status, k -> new LongAdder()).increment();
    double seconds = nanos / 1e9;
    for (int i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) bucketCounts[i].increment();
    count.increment();
    sumSeconds.add(seconds);
  }

  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("# HELP argus_http_requests_total HTTP requests answered, by method and status.\n");
    sb.append("# TYPE argus_http_requests_total counter\n");
    new TreeMap<>(requests).forEach((k, v) -> {
      String[] mc = k.split("\u0000");
      sb.append("argus_http_requests_total{method=\"").append(mc[0]).append("\",code=\"").append(mc[1])
          .append("\"} ").append(v.sum()).append('\n');
    });
    sb.append("# HELP argus_http_request_duration_seconds Time from request to response headers.\n");
    sb.append("# TYPE argus_http_request_duration_seconds histogram\n");
    for (int i = 0; i < BUCKETS.length; i++) {
      sb.append("argus_http_request_duration_seconds_bucket{le=\"").append(BUCKETS[i]).append("\"} ")
          .append(bucketCounts[i].sum()).append('\n');
    }
    long n = count.sum();
    sb.append("argus_http_request_duration_seconds_bucket{le=\"+Inf\"} ").append(n).append('\n');
    sb.append("argus_http_request_duration_seconds_sum ").append(sumSeconds.sum()).append('\n');
    sb.append("argus_http_request_duration_seconds_count ").append(n).append('\n');
    return sb.toString();
  }
}

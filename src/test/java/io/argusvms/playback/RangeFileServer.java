package io.argusvms.playback;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.argusvms.archive.ChunkRecord;
import io.argusvms.archive.StorageLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny HTTP server on 127.0.0.1 for tests: serves one playlist and chunk files with Range
 * support through {@link ChunkMedia#openRange}, the way the HTTP layer will.
 */
final class RangeFileServer implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

  private final HttpServer server;
  private final Map<String, ChunkRecord> chunksByName = new ConcurrentHashMap<>();
  private final AtomicInteger rangeRequests = new AtomicInteger();
  private volatile String playlist = "";

  RangeFileServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/archive.m3u8", this::servePlaylist);
    server.createContext("/media/", this::serveChunk);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** URL of a chunk; ends in .ts because FFmpeg's HLS demuxer only fetches known extensions. */
  String urlOf(ChunkRecord chunk) {
    String name = chunk.cameraId() + "-" + chunk.startMs() + ".ts";
    chunksByName.put(name, chunk);
    return baseUrl() + "/media/" + name;
  }

  void setPlaylist(String text) {
    playlist = text;
  }

  int rangeRequests() {
    return rangeRequests.get();
  }

  private void servePlaylist(HttpExchange exchange) throws IOException {
    byte[] body = playlist.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/vnd.apple.mpegurl");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private void serveChunk(HttpExchange exchange) throws IOException {
    String name = exchange.getRequestURI().getPath().substring("/media/".length());
    ChunkRecord chunk = chunksByName.get(name);
    if (chunk == null) {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    long offset = 0;
    long length = chunk.sizeBytes();
    int status = 200;
    String range = exchange.getRequestHeaders().getFirst("Range");
    if (range != null) {
      Matcher m = RANGE.matcher(range.trim());
      if (!m.matches() || Long.parseLong(m.group(1)) >= chunk.sizeBytes()) {
        exchange.getResponseHeaders().set("Content-Range", "bytes */" + chunk.sizeBytes());
        exchange.sendResponseHeaders(416, -1);
        exchange.close();
        return;
      }
      offset = Long.parseLong(m.group(1));
      long last = m.group(2).isEmpty() ? chunk.sizeBytes() - 1 : Math.min(Long.parseLong(m.group(2)), chunk.sizeBytes() - 1);
      length = last - offset + 1;
      status = 206;
      rangeRequests.incrementAndGet();
      exchange.getResponseHeaders().set("Content-Range", "bytes " + offset + "-" + last + "/" + chunk.sizeBytes());
    }
    exchange.getResponseHeaders().set("Content-Type", "video/mp2t");
    exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
    try (InputStream in = new StorageLayout(Path.of("unused")).open(chunk, offset, length)) {
      exchange.sendResponseHeaders(status, length);
      try (OutputStream out = exchange.getResponseBody()) {
        in.transferTo(out);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

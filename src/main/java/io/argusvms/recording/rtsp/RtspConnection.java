package io.argusvms.recording.rtsp;

import io.argusvms.recording.rtsp.RtspException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One RTSP connection to a camera: requests and their responses, then the RTP packets it
 * interleaves on the same TCP connection (RFC 2326 10.12). Non-blocking underneath, so that every
 * wait (connect, response, data) ends within a fraction of a second of a stop request or of its
 * deadline.
 *
 * <p>Why it reads in batches: a camera sends a few hundred small packets a second, and a reader
 * that wakes for each spends more on the wake-ups (poll, recv) than on the video; FFmpeg's reader
 * does so. Waiting {@code batch} before reading again lets the kernel gather them, so one read
 * takes them all. Fine for recording; a live viewer sees the batch (20 ms) as extra latency.
 */
public final class RtspConnection implements AutoCloseable {
  private static final long SLICE_MS = 200;
  private static final int MAX_HEADER = 16 * 1024;
  private static final String USER_AGENT = "Argus";

  private final SocketChannel channel;
  private final Selector selector;
  private final BooleanSupplier stopRequested;
  private final String username;
  private final String password;
  private final byte[] buf = new byte[512 * 1024];
  private final ByteBuffer window = ByteBuffer.wrap(buf);
  private int pos;
  private int lim;
  private int cseq;
  private String session;
  private Authenticator authenticator;
  private long skippedBytes;

  // The frame nextFrame() returned.
  private int frameOffset;
  private int frameLength;

  private RtspConnection(SocketChannel channel, Selector selector, BooleanSupplier stopRequested, String username,
      String password) {
    this.channel = channel;
    this.selector = selector;
    this.stopRequested = stopRequested;
    this.username = username;
    this.password = password;
  }

  /** Connects within {@code timeoutMs}; {@code username} null when the camera needs none. */
  public static RtspConnection open(String host, int port, long timeoutMs, BooleanSupplier stopRequested,
      String username, String password) throws RtspException {
    SocketChannel ch = null;
    Selector sel = null;
    try {
      ch = SocketChannel.open();
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      sel = Selector.open();
      InetSocketAddress address = new InetSocketAddress(host, port);
      if (address.isUnresolved()) throw new RtspException(Kind.UNREACHABLE, "unknown host " + host);
      RtspConnection c = new RtspConnection(ch, sel, stopRequested, username, password);
      if (!ch.connect(address)) {
        ch.register(sel, SelectionKey.OP_CONNECT);
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!ch.finishConnect()) c.await(deadline, "connect");
      }
      ch.register(sel, SelectionKey.OP_READ);
      return c;
    } catch (RtspException e) {
      closeQuietly(ch, sel);
      throw e;
    } catch (ConnectException e) {
      closeQuietly(ch, sel);
      throw new RtspException(Kind.REFUSED, "connection refused");
    } catch (NoRouteToHostException | UnknownHostException e) {
      closeQuietly(ch, sel);
      throw new RtspException(Kind.UNREACHABLE, "host unreachable");
    } catch (IOException e) {
      closeQuietly(ch, sel);
      String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      throw new RtspException(m.contains("unreachable") ? Kind.UNREACHABLE : Kind.CLOSED, "connect: " + e.getMessage());
    }
  }

  /**
   * Sends a request and waits for its response; answers one 401 with the credentials. A status
   * other than 2xx is an {@link RtspException} of kind STATUS.
   */
  public RtspResponse request(String method, String url, Map<String, String> headers, long timeoutMs)
      throws RtspException {
    RtspResponse r = exchange(method, url, headers, timeoutMs);
    if (r.status() == 401 && authenticator == null && username != null) {
      authenticator = Authenticator.forChallenge(r.header("www-authenticate"), username, password).orElse(null);
      if (authenticator != null) r = exchange(method, url, headers, timeoutMs);
    }
    if (r.status() / 100 != 2) throw new RtspException(Kind.STATUS, r.status(), r.statusLine());
    String s = r.header("session");
    if (s != null) session = s.split(";")[0].trim();
    return r;
  }

  /** Sends a request and does not wait: its response is skipped among the interleaved data. */
  public void send(String method, String url) throws RtspException {
    write(method, url, Map.of());
  }

  /** The session's timeout in seconds as SETUP's answer gave it (RFC 2326 12.37; 60 if none). */
  public static int sessionTimeoutSeconds(RtspResponse setup) {
    String timeout = setup.headerParam("session", "timeout");
    try {
      return timeout == null ? 60 : Math.max(5, Integer.parseInt(timeout));
    } catch (NumberFormatException e) {
      return 60;
    }
  }

  private RtspResponse exchange(String method, String url, Map<String, String> headers, long timeoutMs)
      throws RtspException {
    int sent = write(method, url, headers);
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (true) {
      RtspResponse r = readMessage(deadline, method);
      if (r == null) continue; // an interleaved packet before the response (skipped)
      String c = r.header("cseq");
      if (c == null || c.trim().equals(Integer.toString(sent))) return r;
    }
  }

  private int write(String method, String url, Map<String, String> headers) throws RtspException {
    int n = ++cseq;
    StringBuilder req = new StringBuilder(method).append(' ').append(url).append(" RTSP/1.0\r\n")
        .append("CSeq: ").append(n).append("\r\n")
        .append("User-Agent: ").append(USER_AGENT).append("\r\n");
    if (authenticator != null) {
      req.append("Authorization: ").append(authenticator.authorization(method, url)).append("\r\n");
    }
    if (session != null) req.append("Session: ").append(session).append("\r\n");
    headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
    req.append("\r\n");
    ByteBuffer out = ByteBuffer.wrap(req.toString().getBytes(StandardCharsets.UTF_8));
    try {
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (out.hasRemaining()) {
        if (channel.write(out) == 0) {
          if (System.nanoTime() > deadline) throw new RtspException(Kind.TIMEOUT, "send " + method);
          Thread.onSpinWait();
        }
      }
    } catch (IOException e) {
      if (e instanceof RtspException re) throw re;
      throw new RtspException(Kind.CLOSED, "send " + method + ": " + e.getMessage());
    }
    return n;
  }

  /**
   * The next interleaved packet, waiting up to {@code stallMs} for it and reading in batches of
   * {@code batchMs}; RTSP messages between packets (keep-alive answers) are skipped. Its bytes are
   * {@link #buffer()} from {@link #frameOffset()} for {@link #frameLength()}, valid until the next
   * call.
   *
   * @return the packet's channel
   */
  public int nextFrame(long stallMs, long batchMs) throws RtspException {
    long deadline = System.nanoTime() + stallMs * 1_000_000;
    while (true) {
      if (lim - pos >= 4 && buf[pos] == '$') {
        int len = ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        if (lim - pos >= 4 + len) {
          int channelId = buf[pos + 1] & 0xff;
          frameOffset = pos + 4;
          frameLength = len;
          pos += 4 + len;
          return channelId;
        }
      } else if (lim > pos && buf[pos] != '$') {
        int before = pos;
        readMessage(-1, "read"); // a whole message is consumed; a partial one waits for more
        if (pos != before || skipGarbage()) continue;
      }
      if (pos == lim && batchMs > 0) pause(batchMs);
      fill(deadline, "read");
    }
  }

  public byte[] buffer() {
    return buf;
  }

  public int frameOffset() {
    return frameOffset;
  }

  public int frameLength() {
    return frameLength;
  }

  /** Bytes that were neither a packet nor an RTSP message. */
  public long skippedBytes() {
    return skippedBytes;
  }

  /**
   * Reads one RTSP message at pos. {@code deadline < 0}: only from what is buffered (null when it
   * is not all there yet). Returns null for an interleaved packet found instead (skipped).
   */
  private RtspResponse readMessage(long deadline, String phase) throws RtspException {
    while (true) {
      if (lim - pos >= 4 && buf[pos] == '$') {
        int len = ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        if (lim - pos >= 4 + len) {
          pos += 4 + len;
          return null;
        }
      } else if (lim - pos >= 1 && buf[pos] != '$') {
        int end = indexOfBlankLine(pos, Math.min(lim, pos + MAX_HEADER));
        if (end >= 0) {
          Map<String, String> headers = new LinkedHashMap<>();
          String head = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
          String[] lines = head.split("\r\n");
          for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
              headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                  lines[i].substring(colon + 1).trim(), (a, b) -> a + "\n" + b);
            }
          }
          int length = 0;
          try {
            length = Integer.parseInt(headers.getOrDefault("content-length", "0").trim());
          } catch (NumberFormatException e) {
            throw new RtspException(Kind.UNSUPPORTED, "bad Content-Length");
          }
          if (length < 0 || length > buf.length / 2) throw new RtspException(Kind.UNSUPPORTED, "body too large");
          int bodyStart = end + 4;
          if (lim - bodyStart >= length) {
            byte[] body = java.util.Arrays.copyOfRange(buf, bodyStart, bodyStart + length);
            pos = bodyStart + length;
            String[] status = lines[0].split(" ", 3);
            if (!status[0].startsWith("RTSP/")) {
              if (deadline < 0) return new RtspResponse(0, "request from camera", headers, body);
              continue; // a request from the camera (e.g. an ANNOUNCE): not answered
            }
            int code;
            try {
              code = Integer.parseInt(status.length > 1 ? status[1] : "");
            } catch (NumberFormatException e) {
              throw new RtspException(Kind.UNSUPPORTED, "bad status line");
            }
            return new RtspResponse(code, status.length > 2 ? status[2] : "", headers, body);
          }
        } else if (lim - pos >= MAX_HEADER) {
          if (deadline < 0) return null; // while playing: garbage, skipped by the caller
          throw new RtspException(Kind.UNSUPPORTED, "no RTSP message within " + MAX_HEADER + " bytes");
        }
      }
      if (deadline < 0) return null;
      fill(deadline, phase);
    }
  }

  /** Data that is no message (no blank line within MAX_HEADER): skip to the next '$'. */
  private boolean skipGarbage() {
    if (lim - pos < MAX_HEADER) return false;
    int from = pos;
    while (pos < lim && buf[pos] != '$') pos++;
    skippedBytes += pos - from;
    return true;
  }

  private int indexOfBlankLine(int from, int to) {
    for (int i = from; i + 3 < to; i++) {
      if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') return i;
    }
    return -1;
  }

  private void fill(long deadline, String phase) throws RtspException {
    if (pos == lim) {
      pos = lim = 0;
    } else if (lim == buf.length || pos > buf.length / 2) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      pos = 0;
    }
    while (true) {
      window.limit(buf.length).position(lim);
      int n;
      try {
        n = channel.read(window);
      } catch (IOException e) {
        throw new RtspException(Kind.CLOSED, phase + ": " + e.getMessage());
      }
      if (n < 0) throw new RtspException(Kind.CLOSED, phase + ": end of stream");
      if (n > 0) {
        lim += n;
        return;
      }
      await(deadline, phase);
    }
  }

  private void await(long deadline, String phase) throws RtspException {
    if (stopRequested.getAsBoolean()) throw new RtspException(Kind.STOPPED, "stopped");
    long left = deadline - System.nanoTime();
    if (left <= 0) throw new RtspException(Kind.TIMEOUT, phase);
    try {
      selector.select(Math.max(1, Math.min(SLICE_MS, left / 1_000_000)));
      selector.selectedKeys().clear();
    } catch (IOException e) {
      throw new RtspException(Kind.CLOSED, phase + ": " + e.getMessage());
    }
  }

  private void pause(long ms) throws RtspException {
    if (stopRequested.getAsBoolean()) throw new RtspException(Kind.STOPPED, "stopped");
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RtspException(Kind.STOPPED, "interrupted");
    }
  }

  @Override
  public void close() {
    closeQuietly(channel, selector);
  }

  private static void closeQuietly(SocketChannel ch, Selector sel) {
    try {
      if (sel != null) sel.close();
    } catch (IOException ignored) {
      // closing
    }
    try {
      if (ch != null) ch.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}

package io.argusvms.recording.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Against a scripted camera on loopback: what a real one may send between and around packets. */
class RtspConnectionTest {
  interface Script {
    void run(InputStream in, OutputStream out) throws Exception;
  }

  /** Runs the camera's side on its own thread; returns the connection to it. */
  static RtspConnection against(ServerSocket server, Script script, AtomicBoolean stop) throws Exception {
    CompletableFuture.runAsync(() -> {
      try (Socket s = server.accept()) {
        script.run(s.getInputStream(), s.getOutputStream());
      } catch (Exception ignored) {
        // the test asserts on the client's side
      }
    });
    return RtspConnection.open("127.0.0.1", server.getLocalPort(), 2_000, stop::get, "u", "p");
  }

  static String readRequest(InputStream in) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) throw new IllegalStateException("closed");
      b.write(c);
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  static String cseq(String request) {
    return request.replaceAll("(?s).*CSeq: (\\d+).*", "$1");
  }

  static byte[] frame(int channel, int length, int fill) {
    byte[] f = new byte[4 + length];
    f[0] = '$';
    f[1] = (byte) channel;
    f[2] = (byte) (length >> 8);
    f[3] = (byte) length;
    Arrays.fill(f, 4, f.length, (byte) fill);
    return f;
  }

  @Test
  void answersDigestOnceAndFindsPacketsAmongAnswersGarbageAndSplitWrites() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    String[] authorized = new String[1];
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        RtspConnection c = against(server, (in, out) -> {
          String r = readRequest(in);
          out.write(("RTSP/1.0 401 Unauthorized\r\nCSeq: " + cseq(r)
              + "\r\nWWW-Authenticate: Digest realm=\"cam\", nonce=\"n1\"\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
          r = readRequest(in);
          authorized[0] = r;
          out.write(("RTSP/1.0 200 OK\r\nCSeq: " + cseq(r) + "\r\nSession: 12345;timeout=30\r\n"
              + "Content-Length: 5\r\n\r\nhello").getBytes(StandardCharsets.ISO_8859_1));
          byte[] first = frame(0, 1400, 1);
          out.write(first, 0, 700); // a packet split across two TCP segments
          out.flush();
          Thread.sleep(50);
          out.write(first, 700, first.length - 700);
          out.write("RTSP/1.0 200 OK\r\nCSeq: 9\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)); // keep-alive answer
          out.write(frame(1, 60, 2)); // RTCP
          out.write(new byte[20_000]); // garbage: no '$', no message
          out.write(frame(0, 10, 3));
          out.flush();
          Thread.sleep(5_000);
        }, stop)) {
      RtspResponse r = c.request("DESCRIBE", "rtsp://127.0.0.1/cam", Map.of(), 2_000);
      assertEquals(200, r.status());
      assertEquals("hello", r.bodyText());
      assertEquals(30, RtspConnection.sessionTimeoutSeconds(r));
      assertTrue(authorized[0].contains("Authorization: Digest username=\"u\", realm=\"cam\", nonce=\"n1\""),
          authorized[0]);
      assertEquals(0, c.nextFrame(2_000, 20));
      assertEquals(1400, c.frameLength());
      assertEquals(1, c.buffer()[c.frameOffset()]);
      assertEquals(1, c.nextFrame(2_000, 20));
      assertEquals(0, c.nextFrame(2_000, 20));
      assertEquals(10, c.frameLength());
      assertEquals(3, c.buffer()[c.frameOffset() + 9]);
      assertEquals(20_000, c.skippedBytes());

      // Then silence: a stall within its deadline, and a stop request ends the wait at once.
      RtspException stalled = assertThrows(RtspException.class, () -> c.nextFrame(300, 20));
      assertEquals(RtspException.Kind.TIMEOUT, stalled.kind());
      stop.set(true);
      long t0 = System.nanoTime();
      RtspException stopped = assertThrows(RtspException.class, () -> c.nextFrame(60_000, 20));
      assertEquals(RtspException.Kind.STOPPED, stopped.kind());
      assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 1_000, "stop ended the wait");
    }
  }

  @Test
  void errorStatusesClosedConnectionsAndRefusedPortsSayWhich() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        RtspConnection c = against(server, (in, out) -> {
          String r = readRequest(in);
          out.write(("RTSP/1.0 453 Not Enough Bandwidth\r\nCSeq: " + cseq(r) + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
          readRequest(in);
          out.write(frame(0, 100, 1), 0, 50); // half a packet, then the camera goes away
        }, stop)) {
      RtspException refused = assertThrows(RtspException.class,
          () -> c.request("SETUP", "rtsp://127.0.0.1/cam/stream=0", Map.of(), 2_000));
      assertEquals(RtspException.Kind.STATUS, refused.kind());
      assertEquals(453, refused.status());
      c.send("PLAY", "rtsp://127.0.0.1/cam");
      assertEquals(RtspException.Kind.CLOSED, assertThrows(RtspException.class, () -> c.nextFrame(2_000, 0)).kind());
    }
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    assertEquals(RtspException.Kind.REFUSED, assertThrows(RtspException.class,
        () -> RtspConnection.open("127.0.0.1", closedPort, 2_000, () -> false, null, null)).kind());
  }
}

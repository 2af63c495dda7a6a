package io.argusvms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.junit.jupiter.api.Test;

/**
 * A stopping server must not go on answering on a client's keep-alive connection. Its actor system
 * may stay alive long after its services stopped (Pekko's remoting can hang in shutdown) while a
 * new one serves the same port in the same process: a client that kept its connection was
 * answered by the old one, from its frozen state, for as long as it kept asking.
 */
class HttpServerShutdownTest {
  @Test
  void aKeepAliveConnectionIsClosedWhenTheActorSystemStopsEvenIfTheSystemLingers() throws Exception {
    try (ApiTestServer server = new ApiTestServer()) {
      HttpServer.closeWithTheSystem(server.binding, server.system);
      // What a remoting shutdown that hangs does: the actor system outlives its services.
      CountDownLatch lingering = new CountDownLatch(1);
      CompletableFuture<Done> release = new CompletableFuture<>();
      CoordinatedShutdown shutdown = CoordinatedShutdown.get(server.system);
      shutdown.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "linger", () -> {
        lingering.countDown();
        return release;
      });
      try (Socket socket = new Socket("127.0.0.1", server.binding.localAddress().getPort())) {
        socket.setSoTimeout(10_000);
        String first = exchange(socket);
        assertTrue(first.startsWith("HTTP/1.1 "), first);
        assertTrue(!first.toLowerCase().contains("connection: close"), "the server keeps the connection: " + first);

        shutdown.run(CoordinatedShutdown.unknownReason());
        assertTrue(lingering.await(20, TimeUnit.SECONDS), "the shutdown reached its last phase");

        try {
          String second = exchange(socket);
          fail("the stopped server still answered on the old connection: " + second);
        } catch (IOException closed) {
          // the connection is gone: the client opens a new one, to whoever serves the port now
        }
      } finally {
        release.complete(Done.getInstance());
      }
    }
  }

  /** Sends GET /api/v1/health on the socket and reads one response; IOException when the connection is closed. */
  private static String exchange(Socket socket) throws IOException {
    socket.getOutputStream().write(("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    String head = readHead(in);
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
    }
    byte[] body = in.readNBytes(length);
    assertEquals(length, body.length, "a whole body");
    return head + new String(body, StandardCharsets.UTF_8);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) throw new IOException("connection closed by the server");
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }
}

package io.argusvms.http;

import static io.argusvms.http.ApiTestServer.assertError;
import static io.argusvms.http.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.live.LiveFeed;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live WebSocket over the real HTTP server: a media token in the URL opens it, frames fed
 * into this server's feed arrive as an init message, an initialization segment and a fragment
 * each; what is not a WebSocket or not allowed is refused with the reason.
 */
class LiveApiTest {
  static final byte[] SPS = HexFormat.of().parseHex("6764000cacd941419f9f011000000300100000030320f1429960");
  static final byte[] PPS = HexFormat.of().parseHex("68ebe3cb22c0");

  ApiTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new ApiTestServer();
    server.backend.putCamera("cam-a", "Front"); // recorded by s1, this server
    server.backend.putCamera("cam-b", "Back");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  /** A WebSocket client that queues what it receives (a text, a binary, or "closed"). */
  static final class Received implements WebSocket.Listener {
    final LinkedBlockingQueue<Object> got = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

    @Override
    public java.util.concurrent.CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        got.add(text.toString());
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public java.util.concurrent.CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      binary.writeBytes(b);
      if (last) {
        got.add(binary.toByteArray());
        binary = new java.io.ByteArrayOutputStream();
      }
      ws.request(1);
      return null;
    }

    @Override
    public java.util.concurrent.CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      got.add("closed");
      return null;
    }

    Object next() throws InterruptedException {
      Object o = got.poll(10, TimeUnit.SECONDS);
      assertNotNull(o, "nothing received in 10 s");
      return o;
    }
  }

  private URI ws(String pathAndQuery) {
    return URI.create(server.uri(pathAndQuery).toString().replaceFirst("^http", "ws"));
  }

  private String mediaToken(String camera, String login) throws Exception {
    return json(server.get("/api/v1/cameras/" + camera + "/media-token", login)).get("token").asText();
  }

  private WebSocket connect(String camera, String token, Received listener) {
    return server.client.newWebSocketBuilder().buildAsync(
        ws("/api/v1/cameras/" + camera + "/live.fmp4?token=" + token), listener).join();
  }

  private static byte[] keyframe() {
    return HexFormat.of().parseHex("00000001" + HexFormat.of().formatHex(SPS) + "00000001" + HexFormat.of().formatHex(PPS)
        + "00000001" + "6588840021ff");
  }

  @Test
  void aViewerWithAMediaTokenGetsTheStreamAsFragmentedMp4() throws Exception {
    LiveFeed feed = server.backend.live.of("cam-a");
    Object publisher = feed.publisher();
    Received r = new Received();
    WebSocket socket = connect("cam-a", mediaToken("cam-a", server.viewerToken()), r);
    long t = System.currentTimeMillis();
    for (int i = 0; i < 100 && r.got.isEmpty(); i++) { // until the viewer is attached: frames before it are not sent
      feed.frame(publisher, keyframe(), i * 3600L, i * 3600L, true, t + i * 40);
      Thread.sleep(20);
    }
    JsonNode init = Json.MAPPER.readTree((String) r.next());
    assertEquals("init", init.path("type").asText());
    assertEquals(320, init.path("width").asInt());
    assertEquals(180, init.path("height").asInt());
    assertEquals("avc1.64000C", init.path("codec").asText());
    assertEquals("s1", init.path("serverId").asText());
    byte[] initSegment = assertInstanceOf(byte[].class, r.next());
    assertEquals("ftyp", new String(initSegment, 4, 4));
    byte[] fragment = assertInstanceOf(byte[].class, r.next());
    assertEquals("prft", new String(fragment, 4, 4));
    feed.ended(publisher);
    Object last;
    do {
      last = r.next();
    } while (last instanceof byte[]);
    assertEquals("closed", last, "the end of the stream here closes the socket: the player connects again");
    socket.abort();
  }

  @Test
  void refusalsSayWhy() throws Exception {
    String viewer = server.viewerToken();
    assertError(server.get("/api/v1/cameras/cam-a/live.fmp4", viewer), 400, "WebSocket");
    assertHandshake(404, "cam-x", viewer);
    assertHandshake(401, "cam-a", "not-a-token");
    assertHandshake(403, "cam-b", mediaToken("cam-a", viewer));
  }

  private void assertHandshake(int status, String camera, String token) {
    CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
        () -> connect(camera, token, new Received()));
    WebSocketHandshakeException h = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
    assertEquals(status, h.getResponse().statusCode(), String.valueOf(h.getResponse().body()));
    assertTrue(String.valueOf(h.getResponse().body()).contains("\"error\""), String.valueOf(h.getResponse().body()));
  }
}

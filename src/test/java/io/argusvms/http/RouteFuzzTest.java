package io.argusvms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route of the OpenAPI description, with path values, query parameters and bodies a client
 * could send by mistake or on purpose (overflowing, negative, empty, huge, ill-formed text, wrong
 * JSON types): each answer is a 4xx with a reason or a success, never a 5xx. Merge targets stay on
 * loopback (a port nothing listens on).
 */
class RouteFuzzTest {
  static ApiTestServer server;
  static String admin;

  static final List<String> PATH_VALUES = List.of("cam-a", "s1", "watcher", "unknown", "9999999999999999999",
      "-1", "0", "%20", "x".repeat(5000), "%ED%A0%80", "%00", "..", "%2e%2e%2fetc", "1.5", "%E2%82%AC");
  static final List<String> QUERY_VALUES = List.of("", "-1", "0", "1767225600000", "9999999999999999999",
      "9223372036854775807", "abc", "1e3", "%ED%A0%80", "x".repeat(5000), "1767225600000.5");
  static final List<String> WRONG_TYPES = List.of("123", "-1", "1e400", "true", "null", "[]", "{}", "[1,2]",
      "\"\"", "\"" + "y".repeat(20_000) + "\"", "\"\\ud800\"", "\"http://127.0.0.1:1/\"", "\"rtsp://127.0.0.1:1/x\"",
      "\"demo://a\"", "\"high\"", "\"admin\"", "9223372036854775808");
  static final List<String> FIELDS = List.of("name", "url", "username", "password", "homeServerId", "failoverPriority",
      "recording", "failoverEnabled", "maxCameras", "role", "cameraIds", "priority", "keep", "nonce", "proof",
      "sealed", "systemId", "seeds");

  @BeforeAll
  static void start() throws Exception {
    server = new ApiTestServer();
    server.backend.putCamera("cam-a", "Front");
    admin = server.adminToken();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  record Route(String method, String template) {}

  static List<Route> routes() throws Exception {
    JsonNode doc = Json.MAPPER.readTree(Files.readString(Path.of("src/main/resources/openapi.json")));
    List<Route> routes = new ArrayList<>();
    for (Map.Entry<String, JsonNode> p : doc.get("paths").properties()) {
      for (Iterator<String> m = p.getValue().fieldNames(); m.hasNext(); ) {
        String method = m.next();
        if (!method.equals("parameters")) routes.add(new Route(method.toUpperCase(), p.getKey()));
      }
    }
    return routes;
  }

  static Set<String> bodies() {
    Set<String> bodies = new LinkedHashSet<>(List.of("", "{}", "[]", "null", "\"x\"", "{", "{\"a\":", "nonsense",
        "{\"name\":\"a\",\"name\":\"b\"}", "{\"unknown\":1}", "[" + "[".repeat(3000) + "]".repeat(3000) + "]",
        "{\"x\":\"" + "z".repeat(200_000) + "\"}"));
    for (String field : FIELDS) {
      for (String v : WRONG_TYPES) bodies.add("{\"" + field + "\":" + v + "}");
    }
    // Plausible bodies with one wrong field, so validation goes past the first check.
    for (String v : WRONG_TYPES) {
      bodies.add("{\"name\":\"fuzz\",\"url\":" + v + "}");
      bodies.add("{\"name\":" + v + ",\"url\":\"demo://f\"}");
      bodies.add("{\"username\":\"fuzz-user\",\"password\":" + v + "}");
      bodies.add("{\"cameraIds\":[" + v + "],\"priority\":\"low\"}");
      bodies.add("{\"url\":\"http://127.0.0.1:1/\",\"username\":\"a\",\"password\":" + v + ",\"keep\":\"this\"}");
    }
    return bodies;
  }

  /** Path values for a template; never an administrator's own name on a write (it would lock the fuzz out). */
  static List<String> paths(Route r) {
    if (!r.template().contains("{")) return List.of(r.template());
    List<String> out = new ArrayList<>();
    for (String v : PATH_VALUES) out.add(r.template().replaceAll("\\{[^}]+}", v));
    return out;
  }

  static List<String> queries(String path) {
    List<String> out = new ArrayList<>(List.of(""));
    for (String v : QUERY_VALUES) {
      out.add("?from=" + v + "&to=1767225660000");
      out.add("?from=1767225600000&to=" + v);
      out.add("?at=" + v + "&width=" + v);
    }
    out.addAll(List.of("?from=&to=", "?from=1767225660000&to=1767225600000", "?from=0&to=9223372036854775807",
        "?server=s2", "?server=unknown", "?server=" + "s".repeat(3000), "?token=garbage", "?username=",
        "?username=%ED%A0%80", "?username=" + "u".repeat(5000)));
    return out;
  }

  /**
   * Each dimension in full against the others held plain, so the run stays short: every path value
   * (with and without a token), every query against an existing camera, every body against an
   * existing and an unknown id.
   */
  @Test
  void noRouteAnswersAnyOfTheseRequestsWithA5xx() throws Exception {
    List<String> wrong = new ArrayList<>();
    int sent = 0;
    Set<String> bodies = bodies();
    for (Route r : routes()) {
      boolean hasBody = r.method().equals("POST") || r.method().equals("PATCH") || r.method().equals("PUT");
      List<String> paths = paths(r);
      List<String[]> requests = new ArrayList<>(); // path+query, body
      for (String path : paths) requests.add(new String[] {path, hasBody ? "{}" : ""});
      if (hasBody) {
        for (String body : bodies) {
          requests.add(new String[] {paths.get(0), body});
          if (paths.size() > 1) requests.add(new String[] {paths.get(3), body});
        }
      } else {
        for (String query : queries(paths.get(0))) requests.add(new String[] {paths.get(0) + query, ""});
      }
      for (String[] q : requests) {
        if (r.template().startsWith("/api/v1/users/") && !r.method().equals("GET") && q[0].contains("/admin")) continue;
        for (boolean auth : List.of(true, false)) {
          sent++;
          check(r, q[0], q[1], auth, wrong);
        }
      }
    }
    System.out.println("route fuzz: " + sent + " requests over " + routes().size() + " routes, "
        + wrong.size() + " answered 5xx or without a JSON reason");
    assertEquals(List.of(), wrong);
  }

  private static void check(Route r, String pathAndQuery, String body, boolean auth, List<String> wrong)
      throws Exception {
    String what = r.method() + " " + abbreviate(pathAndQuery) + " body " + abbreviate(body);
    HttpResponse<String> res;
    try {
      res = send(r.method(), pathAndQuery, body, auth);
    } catch (java.io.IOException noAnswer) {
      wrong.add("no answer " + what + ": " + noAnswer);
      return;
    }
    int status = res.statusCode();
    // 503 only where the System really cannot answer now: a merge with a server that is not there,
    // a snapshot of a camera with no keyframe on disk yet (the fuzz's cameras record nothing).
    boolean mayBe503 = r.template().equals("/api/v1/system/merge") || pathAndQuery.contains("server=")
        || r.template().endsWith("/snapshot.jpg") && res.body().contains("\"no_keyframe\"");
    if (status >= 500 && !(status == 503 && mayBe503)) wrong.add(status + " " + what + ": " + abbreviate(res.body()));
    if (status >= 400 && !res.body().contains("\"error\"")) {
      wrong.add("no JSON reason " + status + " " + what + ": " + abbreviate(res.body()));
    }
  }

  private static HttpResponse<String> send(String method, String pathAndQuery, String body, boolean auth)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + server.binding.localAddress().getPort() + pathAndQuery)).timeout(java.time.Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (auth) b.header("Authorization", "Bearer " + admin);
    return server.client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "...(" + s.length() + ")";
  }
}

package io.argusvms.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argusvms.testing.TestCamera;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONVIF discovery, inspection and adding, end to end across real networks. Two LANs, each a bridge
 * in a network namespace of its own, joined by a router namespace (unicast is forwarded, multicast
 * is not, as between two sites): on LAN A server s1 and a namespace of simulated cameras
 * ({@link io.argusvms.testing.OnvifLan}: an open device, one with a password, three hostile ones,
 * an impostor), on LAN B server s2, which cannot hear them. The System lists the devices with
 * s1 as the only server that saw them, not the impostor; inspection names each hostile answer's
 * error and reads the secure device with its password; its stream is added with the credentials
 * and records on s1. Nothing of the host's network changes but one veth into each bridge for the
 * test's HTTP calls. Needs root (ip netns), as .ci/run has.
 */
class OnvifDiscoverySystemTest {
  @TempDir static Path temp;
  static final int NET = ThreadLocalRandom.current().nextInt(1, 250);
  static final String A = "10.206." + NET;
  static final String B = "10.207." + NET;
  static final String NS = "argus-onvif-" + NET + "-";
  static final List<String> NAMESPACES = List.of(NS + "a", NS + "b", NS + "r", NS + "s1", NS + "s2", NS + "cams");
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<ServerProcess> servers = new ArrayList<>();
  static final Map<String, String[]> devices = new HashMap<>(); // name -> address, device service, stream
  static Process lan;
  static String s1;
  static String s2;

  @BeforeAll
  static void network() throws Exception {
    for (String ns : NAMESPACES) sh("ip netns add " + ns);
    for (String lanNs : List.of(NS + "a", NS + "b")) {
      sh("ip netns exec " + lanNs + " ip link add br0 type bridge");
      sh("ip netns exec " + lanNs + " ip link set br0 up");
    }
    plug(NS + "a", "s1", "eth0", A + ".1", A + ".253");
    plug(NS + "a", "cams", "eth0", A + ".10", A + ".253");
    for (int host : new int[] {11, 12, 13, 14, 15}) sh("ip netns exec " + NS + "cams ip addr add " + A + "." + host + "/24 dev eth0");
    plug(NS + "a", "r", "eth0", A + ".253", null);
    plug(NS + "b", "r", "eth1", B + ".253", null);
    sh("ip netns exec " + NS + "r sysctl -q -w net.ipv4.ip_forward=1");
    plug(NS + "b", "s2", "eth0", B + ".2", B + ".253");
    hostPort(NS + "a", "aoa" + NET, A + ".254");
    hostPort(NS + "b", "aob" + NET, B + ".254");

    startCameras();
    int c1 = ServerProcess.freePort();
    int c2 = ServerProcess.freePort();
    String seeds = A + ".1:" + c1 + "," + B + ".2:" + c2;
    servers.add(new ServerProcess("s1", temp.resolve("s1"), 7000, c1,
        List.of("--seeds", seeds, "--no-discovery", "--no-demo"), Map.of()).inNamespace(NS + "s1", A + ".1"));
    servers.add(new ServerProcess("s2", temp.resolve("s2"), 7000, c2,
        List.of("--seeds", seeds, "--no-discovery", "--no-demo", "--join-url", "http://" + A + ".1:7000"), Map.of())
        .inNamespace(NS + "s2", B + ".2"));
    servers.get(0).start();
    servers.get(1).start();
    Map<String, String> ids = SystemFixture.serverIds(SystemFixture.login(servers.get(0)), 2);
    s1 = ids.get("s1");
    s2 = ids.get("s2");
  }

  /** A veth from a namespace into a LAN's bridge, with an address (and a default route). */
  static void plug(String lanNs, String ns, String ifName, String address, String gateway) throws Exception {
    String port = "ao" + NET + ns + ifName.charAt(3);
    sh("ip link add " + port + " netns " + lanNs + " type veth peer name " + ifName + " netns " + NS + ns);
    sh("ip netns exec " + lanNs + " ip link set " + port + " master br0 up");
    sh("ip netns exec " + NS + ns + " ip addr add " + address + "/24 dev " + ifName);
    sh("ip netns exec " + NS + ns + " ip link set " + ifName + " up");
    sh("ip netns exec " + NS + ns + " ip link set lo up");
    if (gateway != null) sh("ip netns exec " + NS + ns + " ip route add default via " + gateway);
  }

  static void hostPort(String lanNs, String ifName, String address) throws Exception {
    sh("ip link add " + ifName + " type veth peer name host0 netns " + lanNs);
    sh("ip netns exec " + lanNs + " ip link set host0 master br0 up");
    sh("ip addr add " + address + "/24 dev " + ifName);
    sh("ip link set " + ifName + " up");
  }

  /** The simulated cameras, in their namespace: a JVM of the test's class path. */
  static void startCameras() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = temp.resolve("onvif-lan.log");
    lan = new ProcessBuilder("ip", "netns", "exec", NS + "cams", java, "-cp", System.getProperty("java.class.path"),
        "io.argusvms.testing.OnvifLan", A).redirectError(log.toFile()).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(lan.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.currentTimeMillis() + 60_000;
    for (String line; (line = out.readLine()) != null && !line.equals("READY"); ) {
      String[] f = line.split(" ");
      if (f.length == 5 && f[0].equals("DEVICE")) devices.put(f[1], new String[] {f[2], f[3], f[4]});
      if (System.currentTimeMillis() > deadline) break;
    }
    assertEquals(5, devices.size(), "the simulated LAN started: " + devices.keySet() + "\n" + Files.readString(log));
  }

  @AfterAll
  static void cleanUp() throws Exception {
    for (ServerProcess s : servers) s.close();
    if (lan != null) {
      lan.getOutputStream().close(); // it ends when its input closes
      if (!lan.waitFor(10, TimeUnit.SECONDS)) lan.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    for (String ns : NAMESPACES) run("ip netns del " + ns); // takes every veth with it
    run("ip link del aoa" + NET);
    run("ip link del aob" + NET);
  }

  @Test
  void theSystemFindsInspectsAndAddsTheCamerasOneServerCanSee() throws Exception {
    ApiClient viaS2 = SystemFixture.login(servers.get(1));
    ApiClient viaS1 = SystemFixture.login(servers.get(0));
    assertEquals(200, viaS2.post("/api/v1/discovery/cameras/probe", "{}").status());
    assertEquals(200, viaS1.post("/api/v1/discovery/cameras/probe", "{}").status());

    // The System's list, asked of the server that cannot hear the cameras: s1 saw every device.
    JsonNode listed = viaS2.await("/api/v1/discovery/cameras", l -> l.size() >= 5, Duration.ofSeconds(20));
    Thread.sleep(1_000); // a late answer (the impostor's) would be listed by now
    listed = viaS2.get("/api/v1/discovery/cameras").json();
    Map<String, JsonNode> byName = new HashMap<>();
    for (JsonNode d : listed) byName.put(d.path("name").asText(), d);
    assertEquals(5, listed.size(), listed.toString());
    for (String name : List.of("open", "secure", "garbage", "bomb", "huge")) {
      JsonNode d = byName.get(name);
      assertTrue(d != null, name + " listed: " + listed);
      assertEquals(devices.get(name)[0], d.path("address").asText());
      assertEquals(List.of(devices.get(name)[1]), strings(d.path("xaddrs")));
      assertEquals(List.of(s1), strings(d.path("seenBy")), name + " was seen by s1 only");
      assertFalse(d.path("added").asBoolean());
    }

    // Inspection: the hostile devices' errors are named; the secure one needs its password.
    for (String name : List.of("garbage", "bomb", "huge")) {
      ApiClient.Response r = inspect(viaS2, devices.get(name)[1], "", "");
      assertEquals(422, r.status(), name + ": " + r.body());
      assertEquals("not_onvif", r.json().path("error").asText(), name + ": " + r.body());
    }
    ApiClient.Response noPassword = inspect(viaS2, devices.get("secure")[1], TestCamera.USER, "wrong");
    assertEquals(422, noPassword.status(), noPassword.body());
    assertEquals("device_unauthorized", noPassword.json().path("error").asText());
    URI openService = URI.create(devices.get("open")[1]);
    ApiClient.Response open = inspect(viaS1, openService.getHost() + ":" + openService.getPort(), "", "");
    assertEquals(200, open.status(), open.body());
    ApiClient.Response secure = inspect(viaS2, devices.get("secure")[1], TestCamera.USER, TestCamera.PASSWORD);
    assertEquals(200, secure.status(), secure.body());
    JsonNode main = secure.json().path("profiles").get(0);
    assertEquals("Argus Test", secure.json().path("manufacturer").asText());
    assertEquals(1920, main.path("width").asInt());
    assertEquals(devices.get("secure")[2], main.path("streamUri").asText());

    // Added as the web client does: the main stream, the credentials, home = a server that saw it.
    ApiClient.Response added = viaS2.post("/api/v1/cameras", JSON.createObjectNode()
        .put("name", "Secure sim").put("url", main.path("streamUri").asText())
        .put("username", TestCamera.USER).put("password", TestCamera.PASSWORD).put("homeServerId", s1).toString());
    assertEquals(201, added.status(), added.body());
    String camera = added.json().path("id").asText();
    SystemFixture.awaitOn(viaS2, camera, s1);
    JsonNode after = viaS2.await("/api/v1/discovery/cameras",
        l -> l.size() == 5 && addedNames(l).equals(List.of("secure")), Duration.ofSeconds(10));
    assertEquals(List.of("secure"), addedNames(after));

    // It records: chunks of the camera on s1's disk, seconds of them.
    long since = System.currentTimeMillis();
    Thread.sleep(6_000);
    JsonNode periods = viaS2.get("/api/v1/cameras/" + camera + "/periods?from=" + (since - 60_000) + "&to="
        + (System.currentTimeMillis() + 1_000)).json();
    assertTrue(periods.size() > 0, "recorded periods: " + periods);
    for (ServerProcess s : servers) assertTrue(s.answers(), s.name() + " healthy after the hostile answers");
  }

  static ApiClient.Response inspect(ApiClient api, String address, String user, String password) throws Exception {
    return api.post("/api/v1/discovery/cameras/inspect", JSON.createObjectNode()
        .put("address", address).put("username", user).put("password", password).toString());
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) out.add(n.asText());
    return out;
  }

  static List<String> addedNames(JsonNode listed) {
    List<String> out = new ArrayList<>();
    for (JsonNode d : listed) if (d.path("added").asBoolean()) out.add(d.path("name").asText());
    return out;
  }

  static void sh(String cmd) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IllegalStateException(cmd + ": " + out);
  }

  static void run(String cmd) throws Exception {
    new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start().waitFor();
  }
}

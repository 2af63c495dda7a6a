package io.argusvms.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.systemtest.ApiClient;
import io.argusvms.systemtest.ServerProcess;
import io.argusvms.testing.MulticastOnLoopback;
import io.argusvms.testing.OnvifDevice;
import io.argusvms.testing.OnvifResponder;
import io.argusvms.testing.TestCamera;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Add cameras" dialog in headless Chromium against a real server that finds simulated ONVIF
 * cameras by real multicast on the loopback interface (routed there for the test, root), each
 * camera on an address of its own: "Lobby" (no authentication), "Gate" (a password; its stream
 * too) and "Router" (answers garbage). A wrong password is named on Gate's row, then "Add all"
 * with the right one adds Lobby and Gate, which record, and names Router's error.
 */
class AddCamerasBrowserTest {
  @TempDir static Path temp;
  static final List<AutoCloseable> running = new ArrayList<>();
  static ServerProcess server;
  static ApiClient api;
  static Browser browser;
  static String lobbyStream;
  static String gateStream;

  @BeforeAll
  static void start() throws Exception {
    running.add(MulticastOnLoopback.enable(OnvifResponder.GROUP));
    TestCamera lobbyCamera = TestCamera.start(1, List.of(), "127.0.0.21");
    running.add(lobbyCamera);
    TestCamera gateCamera = TestCamera.start(1, List.of(), "127.0.0.22");
    running.add(gateCamera);
    lobbyStream = lobbyCamera.url(0);
    gateStream = gateCamera.secureUrl();
    device("127.0.0.21", "Lobby", null, lobbyStream, OnvifDevice.Mode.NORMAL);
    device("127.0.0.22", "Gate", TestCamera.USER, gateStream, OnvifDevice.Mode.NORMAL);
    device("127.0.0.23", "Router", null, lobbyStream, OnvifDevice.Mode.GARBAGE);
    server = new ServerProcess("web-onvif", temp.resolve("s"), List.of("--no-demo", "--no-discovery"), Map.of());
    running.add(server);
    server.start();
    api = new ApiClient(server.url()).login("admin", ServerProcess.ADMIN_PASSWORD);
    browser = new Browser();
  }

  static void device(String address, String name, String user, String stream, OnvifDevice.Mode mode) throws Exception {
    OnvifDevice d = new OnvifDevice(address, user, user == null ? null : TestCamera.PASSWORD, 0, stream);
    d.mode(mode);
    running.add(d);
    running.add(new OnvifResponder(address, address,
        List.of(new OnvifResponder.Match("urn:uuid:" + name, d.deviceServiceUrl(), name)), List.of()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) browser.close();
    for (int i = running.size() - 1; i >= 0; i--) running.get(i).close();
  }

  String outcome(String name) {
    return "[data-endpoint='urn:uuid:" + name + "'] [data-outcome]";
  }

  @Test
  void theDialogListsWhatWasFoundAndAddsOneOrAllWithTheirCredentials() throws Exception {
    browser.driver.get(server.url() + "/");
    browser.await(Duration.ofSeconds(10), "login form", d -> browser.find("#login").isDisplayed());
    browser.find("#login input[name=password]").sendKeys(ServerProcess.ADMIN_PASSWORD);
    browser.find("#login button[type=submit]").click();
    browser.await(Duration.ofSeconds(15), "the tree", d -> browser.find("#app").isDisplayed());

    browser.find("#open-discover").click();
    browser.awaitText(Duration.ofSeconds(20), "#discover-list", t -> t.contains("Lobby") && t.contains("Gate")
        && t.contains("Router"));
    assertEquals(3L, browser.js("return document.querySelectorAll('#discover-list .found').length;"));
    String row = browser.awaitText(Duration.ofSeconds(1), "[data-endpoint='urn:uuid:Gate']", t -> true);
    assertTrue(row.contains("127.0.0.22") && row.contains("seen by web-onvif"), row);

    // One camera, a wrong password: said on its row, nothing added.
    browser.find("#discover-form input[name=password]").sendKeys("wrong");
    browser.find("[data-add='urn:uuid:Gate']").click();
    browser.awaitText(Duration.ofSeconds(20), outcome("Gate"), t -> t.contains("Wrong user or password"));
    assertEquals(0, api.get("/api/v1/cameras").json().size());
    browser.screenshot("onvif-01-wrong-password");

    // The right password, then all of them.
    browser.find("#discover-form input[name=password]").clear();
    browser.find("#discover-form input[name=password]").sendKeys(TestCamera.PASSWORD);
    browser.find("#discover-add-all").click();
    browser.awaitText(Duration.ofSeconds(60), outcome("Router"), t -> t.contains("Not an ONVIF camera"));
    assertTrue(browser.awaitText(Duration.ofSeconds(1), outcome("Lobby"), t -> true).startsWith("added: 1920×1080 H264"));
    assertTrue(browser.awaitText(Duration.ofSeconds(1), outcome("Gate"), t -> true).startsWith("added: 1920×1080 H264"));
    browser.screenshot("onvif-02-added");

    // Both record on the server that saw them, from the stream each camera named.
    JsonNode cameras = api.get("/api/v1/cameras").json();
    assertEquals(2, cameras.size(), cameras.toString());
    for (JsonNode c : cameras) {
      String stream = c.path("name").asText().equals("Gate") ? gateStream : lobbyStream;
      assertTrue(c.path("url").asText().endsWith(stream.substring("rtsp://".length())), c.toString());
      api.await("/api/v1/cameras/" + c.path("id").asText(),
          s -> s.path("status").path("state").asText().equals("recording"), Duration.ofSeconds(30));
    }

    // Opened again, the dialog says they are added and offers only what is not.
    browser.find("#discover-dialog [data-close]").click();
    browser.find("#open-discover").click();
    browser.awaitText(Duration.ofSeconds(20), outcome("Gate"), t -> t.equals("added"));
    assertEquals(Boolean.TRUE, browser.js("return document.querySelector(\"[data-add='urn:uuid:Lobby']\").hidden"
        + " && !document.querySelector(\"[data-add='urn:uuid:Router']\").hidden;"));
  }
}

package io.argusvms.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.argusvms.systemtest.ApiClient;
import io.argusvms.systemtest.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The web client in headless Chromium against a real two-server System (demo:// camera, 2 s
 * chunks): the user's story of issue 6 in order, ending with the server the page is connected to
 * killed and the page carrying on from the other one. Screenshots go to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebClientBrowserTest {
  @TempDir static Path temp;
  static ServerProcess a;
  static ServerProcess b;
  static ApiClient api;
  static String aId;
  static String bId;
  static String demoId;
  static Browser browser;
  static WebPair pair;

  @BeforeAll
  static void startSystemAndBrowser() throws Exception {
    pair = WebPair.start(temp);
    a = pair.a();
    b = pair.b();
    api = pair.api();
    aId = pair.aId();
    bId = pair.bId();
    demoId = pair.recordingDemoCamera();
    browser = new Browser();
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (browser != null) browser.close();
    if (pair != null) pair.close();
  }

  static String text(String css) {
    return browser.find(css).getText();
  }

  static void openServerSettings(String id) {
    browser.clickInTree("[data-server-settings='" + id + "']");
    browser.await(Duration.ofSeconds(5), "Server Settings open", d -> browser.find("#server-dialog").isDisplayed());
  }

  @Test
  @Order(0)
  void everyServerServesTheClientAndHlsJsItself() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/", "/web/app.js", "/web/app.css", "/vendor/hls.min.js")) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(b.url() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), path);
      String type = r.headers().firstValue("Content-Type").orElse("");
      assertTrue(path.endsWith(".js") ? type.contains("javascript") : !type.isEmpty(), path + " " + type);
    }
    HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create(b.url() + "/api/v1/system/info"))
        .header("Origin", a.url()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("*", info.headers().firstValue("Access-Control-Allow-Origin").orElse(""),
        "another server's page may read who this server is");
  }

  @Test
  @Order(1)
  void logsInAndTheTreeShowsServersAndCameras() throws Exception {
    browser.driver.get(a.url() + "/");
    browser.await(Duration.ofSeconds(10), "login form", d -> browser.find("#login").isDisplayed());
    browser.screenshot("01-login");
    browser.find("#login input[name=password]").sendKeys(ServerProcess.ADMIN_PASSWORD);
    browser.find("#login button[type=submit]").click();
    browser.await(Duration.ofSeconds(15), "tree with both servers and the recording demo camera", d -> {
      String tree = text("#tree");
      return tree.contains("web-a") && tree.contains("web-b") && tree.contains("recording");
    });
    String token = (String) browser.js("return JSON.parse(localStorage.getItem('argus.session')).token;");
    assertTrue(token != null && !token.isBlank(), "token kept in localStorage");
    String serverA = browser.find("[data-server='" + aId + "']").getText();
    assertTrue(serverA.contains("online") && serverA.contains("1 / 64 cameras") && serverA.contains("free"), serverA);
    assertTrue(text("#connection").contains("web-a"), text("#connection"));
    // Each camera shows its newest keyframe (GET .../snapshot.jpg?width=96 with a media token).
    browser.await(Duration.ofSeconds(20), "the demo camera's snapshot in the tree", d -> Boolean.TRUE.equals(
        browser.js("const i = document.querySelector(\"#tree img[data-thumb='" + demoId + "']\");"
            + "return !!i && i.complete && i.naturalWidth === 96;")));
    browser.screenshot("02-tree");
  }

  @Test
  @Order(2)
  void liveVideoPlaysThroughMse() throws Exception {
    browser.clickInTree("[data-select='" + demoId + "']");
    browser.await(Duration.ofSeconds(5), "camera view", d -> browser.find("#camera-view").isDisplayed());
    assertEquals("LIVE", text("#play-mode"));
    assertEquals(Boolean.TRUE, browser.js("return !!window.Hls && Hls.isSupported();"), "hls.js loaded from the server");
    browser.awaitVideoAdvances(Duration.ofSeconds(30), 2);
    browser.awaitText(Duration.ofSeconds(5), "#player-status", t -> t.contains("Live (MSE)"));
    assertEquals("mse", browser.liveStats().get("mode"), "live view over MSE (LiveViewBrowserTest covers it)");
    browser.screenshot("03-live");
    browser.driver.manage().window().setSize(new Dimension(390, 844));
    Thread.sleep(500);
    browser.screenshot("04-phone");
    browser.driver.manage().window().setSize(new Dimension(1280, 720));
  }

  @Test
  @Order(3)
  void timelineShowsPeriodsAndArchivePlaysFromAClickedPoint() throws Exception {
    new org.openqa.selenium.support.ui.Select(browser.find("#zoom")).selectByValue("120000");
    browser.await(Duration.ofSeconds(15), "a period at least 10 s long on the timeline", d -> {
      Object w = browser.js("const p = document.querySelector('#periods .period');"
          + "return p ? Number(p.dataset.end) - Number(p.dataset.start) : 0;");
      return ((Number) w).longValue() >= 10_000;
    });
    // The timeline is redrawn every poll: read the period's place and its server in one go.
    @SuppressWarnings("unchecked")
    List<Object> where = (List<Object>) browser.js("const p = document.querySelector('#periods .period');"
        + "const pr = p.getBoundingClientRect(), tr = document.getElementById('timeline').getBoundingClientRect();"
        + "return [Math.round(pr.left + pr.width / 4 - (tr.left + tr.width / 2)), p.dataset.server];");
    assertEquals(aId, where.get(1), "coloured by the server that recorded it");
    int offset = ((Number) where.get(0)).intValue();  // from the timeline's centre, well inside the recording
    WebElement timeline = browser.find("#timeline");
    new Actions(browser.driver).moveToElement(timeline, offset, 0).click().perform();
    browser.await(Duration.ofSeconds(5), "archive mode", d -> text("#play-mode").startsWith("ARCHIVE"));
    // The pointer rests on a recording: the keyframe there shows above the timeline.
    browser.await(Duration.ofSeconds(10), "a snapshot of the archive under the pointer", d -> Boolean.TRUE.equals(
        browser.js("const i = document.getElementById('hover-snapshot');"
            + "return !i.hidden && i.complete && i.naturalWidth === 160 && Number(i.dataset.at) > 0;")));
    browser.awaitVideoAdvances(Duration.ofSeconds(20), 1.5);

    // Drag a span: it is selected, played, and offered as an MP4 that the server exports.
    new Actions(browser.driver).moveToElement(timeline, offset, 0).clickAndHold()
        .moveByOffset(40, 0).release().perform();
    browser.await(Duration.ofSeconds(5), "export link", d -> browser.find("#export").isDisplayed());
    String href = browser.find("#export").getAttribute("href");
    HttpResponse<byte[]> mp4 = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, mp4.statusCode(), href);
    assertTrue(mp4.body().length > 1000, "MP4 of " + mp4.body().length + " bytes");
    // The link carries a media token, not the login: it reads this camera's media and nothing else.
    String linkToken = URI.create(href).getQuery().replaceAll(".*token=([^&]+).*", "$1");
    String loginToken = (String) browser.js("return JSON.parse(localStorage.getItem('argus.session')).token;");
    assertTrue(!linkToken.equals(loginToken), "the login token is in the export link");
    HttpResponse<String> users = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(a.url() + "/api/v1/users?token=" + linkToken)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(403, users.statusCode(), users.body());
    browser.awaitVideoAdvances(Duration.ofSeconds(20), 1);
    // target/screenshots/05-camera-view-archive.png; docs/screenshots/ is the README's, updated by hand.
    browser.screenshot("05-camera-view-archive");
    browser.find("#go-live").click();
    browser.await(Duration.ofSeconds(5), "live again", d -> text("#play-mode").equals("LIVE"));
  }

  @Test
  @Order(4)
  void serverSettingsChangeWhatTheApiReports() throws Exception {
    openServerSettings(bId);
    WebElement max = browser.find("#server-form input[name=maxCameras]");
    max.clear();
    max.sendKeys("-3");
    browser.find("#server-save").click();
    browser.await(Duration.ofSeconds(5), "maxCameras error next to its field",
        d -> !text("#server-form .err[data-for=maxCameras]").isBlank());
    browser.screenshot("06-server-settings-error");
    max.clear();
    max.sendKeys("7");
    browser.find("#server-save").click();
    api.await("/api/v1/servers/" + bId, s -> s.path("maxCameras").asInt() == 7, Duration.ofSeconds(10));

    // Failover off on B and back on, through the dialog.
    openServerSettings(bId);
    browser.find("#server-form input[name=failoverEnabled]").click();
    browser.find("#server-save").click();
    api.await("/api/v1/servers/" + bId, s -> !s.path("failoverEnabled").asBoolean(), Duration.ofSeconds(10));
    browser.awaitText(Duration.ofSeconds(10), "li[data-server='" + bId + "']",
        t -> t.contains("0 / 7 cameras") && t.contains("no failover"));
    assertEquals(7, api.get("/api/v1/servers/" + bId).json().get("maxCameras").asInt(), "only what changed is sent");
    openServerSettings(bId);
    browser.find("#server-form input[name=failoverEnabled]").click();
    browser.find("#server-save").click();
    api.await("/api/v1/servers/" + bId, s -> s.path("failoverEnabled").asBoolean(), Duration.ofSeconds(10));
  }

  @Test
  @Order(5)
  void camerasAreAddedWithFieldErrorsAndPrioritiesChange() throws Exception {
    browser.find("#add-camera").click();
    browser.find("#camera-form input[name=name]").sendKeys("lobby");
    browser.find("#camera-form input[name=url]").sendKeys("http://192.0.2.1/stream");
    new org.openqa.selenium.support.ui.Select(browser.find("#camera-form select[name=homeServerId]")).selectByValue(bId);
    browser.find("#camera-save").click();
    browser.await(Duration.ofSeconds(5), "url error next to the url field",
        d -> text("#camera-form .err[data-for=url]").startsWith("url:"));
    browser.screenshot("07-camera-dialog-error");
    WebElement url = browser.find("#camera-form input[name=url]");
    url.clear();
    url.sendKeys("demo://lobby");
    browser.find("#camera-save").click();
    JsonNode lobby = api.await("/api/v1/cameras", cs -> cs.size() == 2, Duration.ofSeconds(10));
    JsonNode created = lobby.get(0).get("id").asText().equals(demoId) ? lobby.get(1) : lobby.get(0);
    assertEquals(bId, created.get("homeServerId").asText());
    browser.awaitText(Duration.ofSeconds(20), "li[data-server='" + bId + "'] ul",
        t -> t.contains("lobby") && t.contains("recording"));

    // Edit and remove a camera.
    browser.find("#add-camera").click();
    browser.find("#camera-form input[name=name]").sendKeys("gate");
    browser.find("#camera-form input[name=url]").sendKeys("demo://gate");
    browser.find("#camera-form input[name=recording]").click();
    browser.find("#camera-save").click();
    JsonNode gate = null;
    for (JsonNode c : api.await("/api/v1/cameras", cs -> cs.size() == 3, Duration.ofSeconds(10))) {
      if (c.get("name").asText().equals("gate")) gate = c;
    }
    assertEquals(false, gate.get("recording").asBoolean());
    String gateId = gate.get("id").asText();
    browser.awaitText(Duration.ofSeconds(10), "li[data-camera='" + gateId + "']", t -> t.contains("disabled"));
    browser.clickInTree("[data-edit='" + gateId + "']");
    WebElement name = browser.find("#camera-form input[name=name]");
    name.clear();
    name.sendKeys("back gate");
    browser.find("#camera-save").click();
    api.await("/api/v1/cameras/" + gateId, c -> c.get("name").asText().equals("back gate"), Duration.ofSeconds(10));
    browser.clickInTree("[data-edit='" + gateId + "']");
    browser.find("#camera-delete").click();
    browser.driver.switchTo().alert().accept();
    api.await("/api/v1/cameras", cs -> cs.size() == 2, Duration.ofSeconds(10));
    browser.await(Duration.ofSeconds(10), "gate gone from the tree",
        d -> browser.driver.findElements(org.openqa.selenium.By.cssSelector("li[data-camera='" + gateId + "']")).isEmpty());

    browser.find("#open-priority").click();
    browser.find("#priority-list input[value='" + demoId + "']").click();
    browser.find("[data-priority=high]").click();
    api.await("/api/v1/cameras/" + demoId, c -> c.path("failoverPriority").asText().equals("high"), Duration.ofSeconds(10));
    browser.await(Duration.ofSeconds(5), "dialog shows it", d -> text("[data-priority-of='" + demoId + "']").equals("high"));
    // A server's box ticks all its cameras: lobby (home web-b) goes Low, the demo camera stays High.
    browser.find("#priority-list input[value='" + demoId + "']").click();
    browser.find("#priority-list input[data-all='" + bId + "']").click();
    browser.find("[data-priority=low]").click();
    JsonNode after = api.await("/api/v1/cameras", cs -> {
      for (JsonNode c : cs) if (c.get("homeServerId").asText().equals(bId) && !c.get("failoverPriority").asText().equals("low")) return false;
      return true;
    }, Duration.ofSeconds(10));
    for (JsonNode c : after) if (c.get("id").asText().equals(demoId)) assertEquals("high", c.get("failoverPriority").asText());
    browser.screenshot("08-failover-priority");
    browser.find("#priority-dialog [data-close]").click();
  }

  @Test
  @Order(6)
  void theTreeShowsAHighCamerasStandbyAndBothDialogsChangeIt() throws Exception {
    // The demo camera is High now (the test before): web-b holds its standby, warm after a GOP.
    String demoNode = "li[data-camera='" + demoId + "']";
    browser.awaitText(Duration.ofSeconds(30), demoNode, t -> t.contains("standby web-b") && !t.contains("warming"));
    JsonNode sb = api.get("/api/v1/cameras/" + demoId).json().path("status").path("standby");
    assertEquals(bId, sb.path("serverId").asText(), sb.toString());
    assertTrue(sb.path("warm").asBoolean(), sb.toString());
    browser.screenshot("09-standby-in-tree");

    // The camera dialog: High ticks "Hot standby"; unticking it ends the standby.
    browser.clickInTree("[data-edit='" + demoId + "']");
    WebElement standby = browser.find("#camera-form input[name=standby]");
    assertTrue(standby.isSelected(), "a High camera's dialog shows its standby on");
    standby.click();
    browser.find("#camera-save").click();
    api.await("/api/v1/cameras/" + demoId, c -> !c.path("standby").asBoolean()
        && c.path("status").path("standby").isMissingNode(), Duration.ofSeconds(15));
    browser.awaitText(Duration.ofSeconds(10), demoNode, t -> !t.contains("standby"));
    browser.clickInTree("[data-edit='" + demoId + "']");
    assertTrue(!browser.find("#camera-form input[name=standby]").isSelected(), "dialog shows it off");
    browser.find("#camera-form input[name=standby]").click();
    browser.find("#camera-save").click();
    browser.awaitText(Duration.ofSeconds(30), demoNode, t -> t.contains("standby web-b"));

    // The server dialog: a bad maximum is refused next to its field; 0 takes web-b's standby away.
    openServerSettings(bId);
    WebElement max = browser.find("#server-form input[name=maxStandbys]");
    assertEquals("7", max.getAttribute("value"), "by default as many as its maximum cameras");
    max.clear();
    max.sendKeys("-1");
    browser.find("#server-save").click();
    browser.await(Duration.ofSeconds(5), "maxStandbys error next to its field",
        d -> text("#server-form .err[data-for=maxStandbys]").startsWith("maxStandbys"));
    max.clear();
    max.sendKeys("0");
    browser.find("#server-save").click();
    api.await("/api/v1/servers/" + bId, s -> s.path("maxStandbys").asInt() == 0, Duration.ofSeconds(10));
    browser.awaitText(Duration.ofSeconds(15), demoNode, t -> !t.contains("standby"));
    openServerSettings(bId);
    max = browser.find("#server-form input[name=maxStandbys]");
    max.clear();
    max.sendKeys("7");
    browser.find("#server-save").click();
    api.await("/api/v1/servers/" + bId, s -> s.path("maxStandbys").asInt() == 7, Duration.ofSeconds(10));
    browser.awaitText(Duration.ofSeconds(30), demoNode, t -> t.contains("standby web-b"));
  }

  @Test
  @Order(7)
  void mergeDialogFindsASystemAndShowsTheApiAnswer() throws Exception {
    browser.find("#open-merge").click();
    browser.await(Duration.ofSeconds(5), "discovery answered", d -> !text("#merge-discovered").contains("looking"));
    browser.find("#merge-form input[name=url]").sendKeys(b.url());
    browser.find("#merge-find").click();
    browser.await(Duration.ofSeconds(5), "found", d -> text("#merge-found").contains("this System already"));
    browser.find("#merge-form input[name=password]").sendKeys("whatever");
    browser.find("#merge-go").click();
    browser.await(Duration.ofSeconds(10), "merge outcome", d -> {
      String t = text("#merge-outcome");
      return !t.isBlank() && !t.startsWith("Merging");
    });
    System.out.println("merge outcome shown: " + text("#merge-outcome"));
    browser.screenshot("09-merge");
    browser.find("#merge-dialog [data-close]").click();
  }

  /** Audit finding: {@code #token=} in a link logged the browser in as whoever made the link. */
  @Test
  @Order(8)
  void aLinkWithATokenInItsFragmentLogsNobodyIn() throws Exception {
    String token = api.token();
    browser.js("localStorage.clear();");
    browser.driver.get("about:blank"); // a change of the fragment alone would not load the page again
    browser.driver.get(a.url() + "/#token=" + token + "&camera=" + demoId);
    browser.await(Duration.ofSeconds(10), "login form", d -> browser.find("#login").isDisplayed());
    assertEquals(Boolean.TRUE, browser.js("return localStorage.getItem('argus.session') === null;"), "logged in from a link");
    assertTrue(!browser.driver.getCurrentUrl().contains(token), "the token stays in the address bar");
  }

  @Test
  @Order(9)
  void whenItsServerDiesThePageCarriesOnWithTheOtherAndLiveVideoResumes() throws Exception {
    // The page is served by web-b and shows lobby (recorded on web-b). Then web-b, the younger
    // server, is killed: a two-server System survives losing its younger member (keep-oldest),
    // lobby fails over to web-a, and the page, still loaded from web-b, must carry on with web-a.
    String lobbyId = null;
    for (JsonNode c : api.get("/api/v1/cameras").json()) if (!c.get("id").asText().equals(demoId)) lobbyId = c.get("id").asText();
    browser.driver.get(b.url() + "/#camera=" + lobbyId);
    browser.await(Duration.ofSeconds(10), "login form", d -> browser.find("#login").isDisplayed());
    browser.find("#login input[name=password]").sendKeys(ServerProcess.ADMIN_PASSWORD);
    browser.find("#login button[type=submit]").click();
    browser.awaitText(Duration.ofSeconds(15), "#connection", t -> t.contains("web-b"));
    final String lobby = lobbyId;
    browser.await(Duration.ofSeconds(15), "lobby in the tree", d -> {
      try {
        browser.find("[data-select='" + lobby + "']").click();
        return true;
      } catch (org.openqa.selenium.WebDriverException notYet) {
        return false;
      }
    });
    browser.awaitText(Duration.ofSeconds(5), "#camera-title", t -> t.equals("lobby"));
    browser.awaitVideoAdvances(Duration.ofSeconds(30), 1);
    browser.js("window.argusNotReloaded = true;");

    long killedAt = System.nanoTime();
    b.kill();
    browser.awaitText(Duration.ofSeconds(30), "#connection", t -> t.contains("web-a"));
    long movedAt = System.nanoTime();
    assertEquals(Boolean.TRUE, browser.js("return window.argusNotReloaded === true;"), "the page was reloaded");
    assertTrue(browser.driver.getCurrentUrl().startsWith(b.url()), browser.driver.getCurrentUrl());
    browser.awaitText(Duration.ofSeconds(5), "#camera-title", t -> t.equals("lobby"));
    long connectedAt = System.nanoTime();
    browser.awaitVideoAdvances(Duration.ofSeconds(90), 1);
    long resumedAt = System.nanoTime();
    browser.screenshot("10-after-failover");
    System.out.printf("reconnection: page talks to web-a %.1f s after kill -9 of web-b, with the same"
            + " view %.1f s, live video of lobby (failed over to web-a) advancing again %.1f s%n",
        (movedAt - killedAt) / 1e9, (connectedAt - killedAt) / 1e9, (resumedAt - killedAt) / 1e9);
    assertTrue((movedAt - killedAt) / 1e9 < 15, "page moved within 15 s");
    assertEquals("LIVE", text("#play-mode"));
  }
}

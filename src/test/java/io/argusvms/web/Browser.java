package io.argusvms.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (no driver download), with a
 * fresh profile, muted autoplay allowed (live video starts without a click), at 1280x720.
 */
final class Browser implements AutoCloseable {
  static final Path SCREENSHOTS = Path.of("target/screenshots");
  final ChromeDriver driver;
  private final Path profile;

  Browser() throws IOException {
    profile = Files.createTempDirectory("argus-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(new File("/usr/bin/chromium"));
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--autoplay-policy=no-user-gesture-required", "--window-size=1280,720",
        "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
  }

  static boolean available() {
    return new File("/usr/bin/chromium").canExecute() && new File("/usr/bin/chromedriver").canExecute();
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  double videoTime() {
    Object t = js("return document.getElementById('video').currentTime;");
    return t == null ? 0 : ((Number) t).doubleValue();
  }

  <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).withMessage(what).until(condition);
  }

  /**
   * Clicks what css finds. The tree is re-rendered whenever the System changes, so a button found
   * a moment ago may be gone by the click: find it again until a click lands.
   */
  void clickInTree(String css) {
    await(Duration.ofSeconds(5), "click on " + css, d -> {
      try {
        find(css).click();
        return true;
      } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
        return false;
      }
    });
  }

  /**
   * Opens the web client at a camera, logs in as admin and shows that camera. {@code pageUrl}: a
   * server's URL, or its page with a query ({@code http://host:port/?hls}).
   */
  void openCamera(String pageUrl, String cameraId, String adminPassword) {
    driver.get(pageUrl + (pageUrl.contains("?") ? "" : "/") + "#camera=" + cameraId);
    await(Duration.ofSeconds(10), "login form", d -> find("#login").isDisplayed());
    find("#login input[name=password]").sendKeys(adminPassword);
    find("#login button[type=submit]").click();
    await(Duration.ofSeconds(15), "the camera in the tree", d -> {
      try {
        find("[data-select='" + cameraId + "']").click();
        return true;
      } catch (org.openqa.selenium.WebDriverException notYet) {
        return false;
      }
    });
    await(Duration.ofSeconds(5), "camera view", d -> find("#camera-view").isDisplayed());
  }

  /**
   * What the live player did and measured ({@code window.argusLive}): mode (mse | hls), serverId
   * (whose session the stream comes from), frames, jumps (drift cap), connects (sockets), samples
   * (ms from receive to display, per frame; for HLS wall clock minus the playing date every 250 ms)
   * and lag (seconds buffered ahead of the playhead).
   */
  @SuppressWarnings("unchecked")
  java.util.Map<String, Object> liveStats() {
    return (java.util.Map<String, Object>) js("const l = window.argusLive; return l && {mode: l.mode,"
        + " serverId: l.serverId, frames: l.frames, jumps: l.jumps, connects: l.connects, samples: l.samples.slice(),"
        + " lag: (() => { const v = document.getElementById('video'), b = v.buffered;"
        + " return b.length ? b.end(b.length - 1) - v.currentTime : null; })()};");
  }

  /** Waits until the visible text of the first element matching css satisfies the condition. */
  String awaitText(Duration timeout, String css, java.util.function.Predicate<String> condition) {
    String[] last = {null};
    try {
      return await(timeout, css, d -> {
        last[0] = (String) js("const e = document.querySelector(arguments[0]); return e ? e.textContent.replace(/\\s+/g, ' ') : '';", css);
        return condition.test(last[0]) ? last[0] : null;
      });
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("text of " + css + " never matched; last: " + last[0], e);
    }
  }

  /** Waits until the video's currentTime has advanced by at least seconds since this call. */
  void awaitVideoAdvances(Duration timeout, double seconds) {
    double[] first = {-1};
    await(timeout, "video currentTime advancing", d -> {
      double t = videoTime();
      if (first[0] < 0 && t > 0) first[0] = t;
      return first[0] >= 0 && t >= first[0] + seconds;
    });
  }

  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path target = SCREENSHOTS.resolve(name + ".png");
    Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), target,
        StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  @Override
  public void close() throws IOException {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

package io.argusvms.systemtest;

import io.argusvms.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One real Argus server process, started by the distribution's bin/argus exactly as an operator
 * would (the script execs java, so the process is the JVM and kill -9 really kills the server). Its
 * output goes to target/system-test-logs/.
 */
public final class ServerProcess implements AutoCloseable {
  public static final String ADMIN_PASSWORD = "test-admin-pw";

  private final String name;
  private final Path dataDir;
  private final int httpPort;
  private final int clusterPort;
  private final List<String> extraArgs;
  private final Map<String, String> env;
  private Process process;
  private Path log;
  /** The last answer of {@link #answers()}, for a failure's message. */
  private volatile String lastHealth = "none yet";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private String host = "127.0.0.1";
  private List<String> launcher = List.of();

  public ServerProcess(String name, Path dataDir, List<String> extraArgs, Map<String, String> env) throws IOException {
    this(name, dataDir, freePort(), freePort(), extraArgs, env);
  }

  public ServerProcess(String name, Path dataDir, int httpPort, int clusterPort, List<String> extraArgs,
      Map<String, String> env) {
    this.name = name;
    this.dataDir = dataDir;
    this.httpPort = httpPort;
    this.clusterPort = clusterPort;
    this.extraArgs = extraArgs;
    this.env = env;
  }

  /**
   * Servers of one System: every one gets the whole seed list (the first one creates the System),
   * so any of them can be killed and restarted and rejoin the others. The others join with the
   * admin password through the first one's URL, which hands them the System's cluster key.
   */
  public static List<ServerProcess> system(Path dir, int count, List<String> extraArgs) throws IOException {
    int[] http = new int[count];
    int[] cluster = new int[count];
    StringBuilder seeds = new StringBuilder();
    for (int i = 0; i < count; i++) {
      http[i] = freePort();
      cluster[i] = freePort();
      seeds.append(i == 0 ? "" : ",").append("127.0.0.1:").append(cluster[i]);
    }
    List<ServerProcess> servers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<String> args = new ArrayList<>(List.of("--seeds", seeds.toString()));
      if (i > 0) args.addAll(List.of("--join-url", "http://127.0.0.1:" + http[0]));
      args.addAll(extraArgs);
      servers.add(new ServerProcess("s" + (i + 1), dir.resolve("s" + (i + 1)), http[i], cluster[i], args, Map.of()));
    }
    return servers;
  }

  public String name() {
    return name;
  }

  /**
   * Runs the server inside a network namespace the test made ({@code ip netns exec}), bound to
   * an address there: it sees that namespace's network only (its own loopback, say).
   */
  public ServerProcess inNamespace(String netns, String address) {
    this.launcher = List.of("ip", "netns", "exec", netns);
    this.host = address;
    return this;
  }

  /** Binds HTTP and cluster ports to this address (default 127.0.0.1). */
  public ServerProcess boundTo(String address) {
    this.host = address;
    return this;
  }

  /** SIGSTOP / SIGCONT: the server freezes as in a long GC pause or a hung machine. */
  public void freeze(boolean frozen) throws Exception {
    new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT", "" + process.pid()).inheritIO().start().waitFor();
  }

  /** A port for a server to listen on; see {@link FreePorts} for why not {@code ServerSocket(0)}. */
  public static int freePort() {
    return FreePorts.find();
  }

  /** The JVM's process id (the script execs java). */
  public long pid() {
    return process.pid();
  }

  public String url() {
    return "http://" + host + ":" + httpPort;
  }

  public int httpPort() {
    return httpPort;
  }

  public int clusterPort() {
    return clusterPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path logFile() {
    return log;
  }

  /** Starts the process and waits until /api/v1/health answers. */
  public ServerProcess start() throws Exception {
    launch();
    awaitHealthy(Duration.ofSeconds(60));
    return this;
  }

  /**
   * The distribution the servers run from, as an operator runs it (its lib/ holds the runtime jars
   * only, with the production logging configuration): the one `mvn package` built, named by the
   * build ({@code argus.dist}), else target/argus-* (a run from an IDE after `mvn package`).
   */
  static Path distribution() throws IOException {
    String configured = System.getProperty("argus.dist", "");
    if (!configured.isBlank()) return Path.of(configured);
    try (var dirs = Files.list(Path.of("target"))) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("argus-") && Files.isDirectory(d.resolve("bin")))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no distribution under target/: run `mvn package` first"));
    }
  }

  /** Starts the process without waiting for it. */
  public ServerProcess launch() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    Path logs = root.resolve("target/system-test-logs");
    Files.createDirectories(logs);
    log = logs.resolve(name + "-" + System.currentTimeMillis() + ".log");
    List<String> cmd = new ArrayList<>(launcher);
    cmd.addAll(List.of("bash", distribution().resolve("bin/argus").toString(),
        "--http-port", "" + httpPort, "--cluster-port", "" + clusterPort, "--name", name,
        "--data", dataDir.toString(), "--admin-password", ADMIN_PASSWORD, "--host", host));
    cmd.addAll(extraArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> e = new HashMap<>(env);
    e.putIfAbsent("JAVA_OPTS", "-Xmx512m");
    pb.environment().putAll(e);
    process = pb.start();
    return this;
  }

  /** True when /api/v1/health says ok: registered in its System, holding its database, archive open. */
  public boolean answers() {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/health")).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.ofString());
      lastHealth = r.statusCode() + " " + r.body();
      return r.statusCode() == 200;
    } catch (IOException e) {
      lastHealth = e.toString();
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits for the process to end by itself; its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + " still runs after " + timeout + "; log:\n" + tail());
    }
    return process.exitValue();
  }

  public void awaitHealthy(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException(name + " exited early; see " + log + ":\n" + tail());
      if (answers()) return;
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " did not become healthy in " + timeout + " (last health answer: "
        + lastHealth + "); log:\n" + tail());
  }

  /** kill -9: no shutdown hook runs, the open chunk is left half written. */
  public void kill() throws InterruptedException {
    if (process == null) return;
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM: the server shuts down through CoordinatedShutdown. Returns the exit code. */
  public int stop() throws InterruptedException {
    if (process == null) return -1;
    process.destroy();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Waits until the server's log holds {@code text}. */
  public void awaitLog(String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(text)) return;
      Thread.sleep(200);
    }
    throw new AssertionError(name + " did not log '" + text + "' in " + timeout + "; log:\n" + tail());
  }

  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}

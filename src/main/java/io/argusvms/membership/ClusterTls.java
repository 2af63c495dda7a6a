package io.argusvms.membership;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.argusvms.join.ClusterKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster TLS with one key per System (Artery {@code tls-tcp}, mutual authentication): a server
 * speaks TLS on its cluster port when {@code <data>/cluster-tls/system.p12} exists. With
 * {@code argus.cluster.tls = on} (the default) a server that may create a new System generates
 * that key (the System's); a server joining a TLS System receives it with an administrator's
 * password ({@link SystemJoin}) or from a copy of the folder; a merge hands the survivor's key over. Every server presents and trusts only that certificate,
 * so a server without the System's key cannot join or listen in.
 */
final class ClusterTls {
  private static final Logger log = LoggerFactory.getLogger(ClusterTls.class);
  static final String DIR = "cluster-tls";
  static final String STORE = "system.p12";
  static final String PASSWORD = "password";

  private ClusterTls() {}

  static Optional<ClusterKey> key(Path dataDir) {
    return keyIn(dataDir.resolve(DIR));
  }

  static Optional<ClusterKey> keyIn(Path dir) {
    try {
      if (!Files.exists(dir.resolve(STORE))) return Optional.empty();
      return Optional.of(new ClusterKey(Files.readAllBytes(dir.resolve(STORE)), Files.readString(dir.resolve(PASSWORD)).strip()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cluster key in " + dir, e);
    }
  }

  /** Replaces this server's cluster key (empty: plain TCP from now on). */
  static void install(Path dir, Optional<ClusterKey> key) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
      }
    }
    if (key.isEmpty()) return;
    Files.createDirectories(dir);
    Files.write(dir.resolve(STORE), key.get().pkcs12());
    Files.writeString(dir.resolve(PASSWORD), key.get().password());
    restrict(dir);
  }

  /** The Artery settings for this server: TLS when it has the System's key. */
  static Config apply(Config config, NodeSettings s) {
    Path dir = s.dataDir().resolve(DIR);
    // A server merged into another System (or joined with a grant) speaks what it was given.
    boolean given = Files.exists(s.dataDir().resolve(SystemSwitch.JOINED));
    if (!Files.exists(dir.resolve(STORE)) && config.getBoolean("argus.cluster.tls") && !given) {
      if (!s.mayCreateSystem()) {
        throw new IllegalStateException("argus.cluster.tls is on but this server has no cluster key: join with "
            + "--join-url and an administrator's password, or copy the folder " + DIR
            + " from the data folder of a server of the System to " + dir);
      }
      generate(dir);
    }
    Optional<ClusterKey> key = key(s.dataDir());
    if (key.isEmpty()) return config;
    String store = dir.resolve(STORE).toString();
    String pw = key.get().password();
    String p = "pekko.remote.artery.ssl.config-ssl-engine.";
    log.info("cluster transport: TLS with the System's key in {}", dir);
    return config
        .withValue("pekko.remote.artery.transport", ConfigValueFactory.fromAnyRef("tls-tcp"))
        .withValue(p + "key-store", ConfigValueFactory.fromAnyRef(store))
        .withValue(p + "trust-store", ConfigValueFactory.fromAnyRef(store))
        .withValue(p + "key-store-password", ConfigValueFactory.fromAnyRef(pw))
        .withValue(p + "key-password", ConfigValueFactory.fromAnyRef(pw))
        .withValue(p + "trust-store-password", ConfigValueFactory.fromAnyRef(pw))
        .withValue(p + "require-mutual-authentication", ConfigValueFactory.fromAnyRef(true));
  }

  /** A new System key, not installed anywhere yet (generated in a scratch folder of {@code dataDir}). */
  static ClusterKey newKey(Path dataDir) {
    Path scratch = dataDir.resolve("cluster-tls-new");
    try {
      install(scratch, Optional.empty());
      generate(scratch);
      ClusterKey key = keyIn(scratch).orElseThrow();
      install(scratch, Optional.empty());
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a cluster key in " + scratch, e);
    }
  }

  /** A new System key: RSA 2048, self-signed, with the JDK's keytool. */
  private static void generate(Path dir) {
    try {
      Files.createDirectories(dir);
      restrict(dir);
      byte[] r = new byte[24];
      new SecureRandom().nextBytes(r);
      String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(r);
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "argus-system",
          "-keyalg", "RSA", "-keysize", "2048", "-validity", "36500", "-dname", "CN=argus-system",
          "-storetype", "PKCS12", "-keystore", dir.resolve(STORE).toString(), "-storepass", pw, "-keypass", pw))
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) throw new IllegalStateException("keytool failed: " + out);
      Files.writeString(dir.resolve(PASSWORD), pw);
      restrict(dir);
      log.info("generated a new cluster TLS key for this System in {}", dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the cluster key in " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void restrict(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.toList()) {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwx------" : "rw-------"));
      }
    } catch (UnsupportedOperationException notPosix) {
      // other file systems: rely on the data folder's own permissions
    }
  }
}

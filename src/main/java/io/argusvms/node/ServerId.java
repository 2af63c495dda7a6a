package io.argusvms.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** This server's id: made once and kept in its data folder, so it survives restarts. */
public final class ServerId {
  private ServerId() {}

  public static String loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve("server-id");
    try {
      if (Files.exists(file)) return Files.readString(file, StandardCharsets.UTF_8).trim();
      Files.createDirectories(dataDir);
      String id = UUID.randomUUID().toString();
      Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
    }
  }
}

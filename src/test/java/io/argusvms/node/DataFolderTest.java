package io.argusvms.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {
  @TempDir Path tmp;

  @Test
  void anExistingDataFolderBecomesPrivateToItsUser() throws Exception {
    Path data = tmp.resolve("data");
    Path db = Files.createDirectories(data.resolve("system-db"));
    Path mdb = Files.writeString(db.resolve("data.mdb"), "secrets");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(mdb, PosixFilePermissions.fromString("rw-r--r--"));
    DataFolder.makePrivate(data);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mdb)));
  }
}

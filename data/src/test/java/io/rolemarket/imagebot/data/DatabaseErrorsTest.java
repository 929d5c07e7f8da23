package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.testing.TestClocks;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseErrorsTest {
  @TempDir Path dir;

  @Test
  void open_corruptFile_failsWithASentenceNamingTheFile() throws Exception {
    Path file = dir.resolve("corrupt.db");
    byte[] noise = new byte[8192];
    new Random(42).nextBytes(noise);
    Files.write(file, noise);

    StoreException e = assertThrows(StoreException.class, () -> SqliteStore.open(file, TestClocks.FIXED));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a SQLite database or is damaged"), e.getMessage());
  }

  @Test
  void open_truncatedDatabase_failsNamingTheFile() throws Exception {
    Path file = dir.resolve("truncated.db");
    SqliteStore.open(file, TestClocks.FIXED).close();
    byte[] whole = Files.readAllBytes(file);
    byte[] head = java.util.Arrays.copyOf(whole, 100);
    Files.write(file, head);
    Files.deleteIfExists(dir.resolve("truncated.db-wal"));

    StoreException e = assertThrows(StoreException.class, () -> SqliteStore.open(file, TestClocks.FIXED));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void open_readOnlyFile_failsWithASentenceNamingTheFile() throws Exception {
    Path file = dir.resolve("readonly.db");
    SqliteStore.open(file, TestClocks.FIXED).close();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    try {
      StoreException e = assertThrows(StoreException.class, () -> SqliteStore.open(file, TestClocks.FIXED));
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("read-only"), e.getMessage());
    } finally {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }
}

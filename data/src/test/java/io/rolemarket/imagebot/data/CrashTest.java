package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.testing.TestClocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.data.CrashingClient.Stage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@link CrashingClient}) with SIGKILL while it holds reservations and open jobs,
 * then checks what a new store makes of it: every reservation committed with its images present or
 * refunded (remote jobs left open), nothing charged twice.
 */
class CrashTest {
  @TempDir Path dir;

  @Test
  void kill_whileIdle_everyReservationCommittedWithImagesOrRefunded() throws Exception {
    Path file = dir.resolve("bot.db");
    crash(file, "idle", Duration.ZERO);

    Reconciliation settled;
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED)) {
      settled = store.reconciliation();
    }
    assertEquals(new Reconciliation(count(Stage.IMAGES_STORED), count(Stage.HALF_STORED) + count(Stage.NOTHING_STORED),
        count(Stage.HALF_STORED) + count(Stage.NOTHING_STORED), count(Stage.REMOTE)), settled);
    try (Connection c = connect(file)) {
      int charged = count(Stage.FINISHED) + count(Stage.IMAGES_STORED);
      assertEquals(charged, Sql.number(c, "SELECT COUNT(*) FROM reservations WHERE state = 'committed'"));
      assertEquals((long) charged * CrashingClient.IMAGES, Sql.number(c, "SELECT SUM(charged) FROM reservations"));
      assertEquals(charged, Sql.number(c, "SELECT COUNT(*) FROM history"));
      assertEquals(count(Stage.IMAGES_STORED), Sql.number(c, "SELECT COUNT(*) FROM cache_entries"));
    }
    checkInvariants(file);
  }

  @Test
  void kill_midWay_everyReservationCommittedWithImagesOrRefunded() throws Exception {
    Path file = dir.resolve("bot.db");
    crash(file, "busy", Duration.ofMillis(700));
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED)) {
      assertEquals(count(Stage.REMOTE), store.reconciliation().remoteJobsLeftOpen());
    }
    checkInvariants(file);
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED)) {
      assertEquals(new Reconciliation(0, 0, 0, count(Stage.REMOTE)), store.reconciliation(), "settled once");
    }
    checkInvariants(file);
  }

  private static void checkInvariants(Path file) throws Exception {
    try (Connection c = connect(file); SqliteStore store = SqliteStore.open(file, TestClocks.FIXED)) {
      assertEquals(0, Sql.number(c, "SELECT COUNT(*) FROM reservations WHERE state = 'held' AND id NOT IN "
          + "(SELECT reservation_id FROM jobs WHERE state = 'open' AND remote_job_id IS NOT NULL)"), "stray holds");
      assertEquals(0, Sql.number(c, "SELECT COUNT(*) FROM jobs WHERE state = 'open' AND remote_job_id IS NULL"));
      assertEquals(0, Sql.number(c, "SELECT COUNT(*) FROM reservations WHERE state = 'refunded' AND charged <> 0"));

      List<long[]> committed = Sql.list(c, "SELECT r.id, r.charged, j.id FROM reservations r JOIN jobs j "
          + "ON j.reservation_id = r.id WHERE r.state = 'committed'",
          row -> new long[] {row.getLong(1), row.getLong(2), row.getLong(3)});
      assertEquals(Sql.number(c, "SELECT COUNT(*) FROM reservations WHERE state = 'committed'"), committed.size(),
          "every charge has its job");
      for (long[] charge : committed) {
        List<String> images = Sql.list(c, "SELECT sha256 FROM job_images WHERE job_id = ? ORDER BY ordinal",
            row -> row.getString(1), charge[2]);
        assertEquals(charge[1], images.size(), "charged for the images stored, reservation " + charge[0]);
        for (String sha : images) {
          assertTrue(store.read(sha).isPresent(), "image " + sha + " of reservation " + charge[0]);
        }
      }
      assertEquals(Sql.number(c, "SELECT COUNT(*) FROM reservations WHERE state = 'committed'"),
          Sql.number(c, "SELECT COUNT(*) FROM history"), "one history entry per charge");

      for (String user : Sql.list(c, "SELECT DISTINCT user_key FROM reservations", row -> row.getString(1))) {
        long owed = Sql.number(c, "SELECT COALESCE(SUM(CASE WHEN state = 'held' THEN images ELSE charged END), 0) "
            + "FROM reservations WHERE user_key = ?", user);
        for (String window : List.of("day_key", "month_key")) {
          long used = Sql.number(c, "SELECT COALESCE(SUM(q.used), 0) FROM quota_usage q WHERE q.user_key = ? "
              + "AND q.window_key IN (SELECT DISTINCT " + window + " FROM reservations WHERE user_key = ?)", user, user);
          assertEquals(owed, used, "quota used by " + user + " in " + window + " matches what was charged");
        }
      }
    }
  }

  private static void crash(Path file, String mode, Duration busyFor) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-Djava.awt.headless=true", "-cp",
        System.getProperty("java.class.path"), CrashingClient.class.getName(), file.toString(), mode)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String want = mode.equals("busy") ? "busy" : "ready";
      for (String line = out.readLine(); !want.equals(line); line = out.readLine()) {
        assertTrue(line != null, () -> "the child ended before saying " + want);
      }
      Thread.sleep(busyFor);
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
    } finally {
      child.destroyForcibly();
    }
  }

  private static int count(Stage stage) {
    return (int) IntStream.range(0, CrashingClient.JOBS).filter(i -> CrashingClient.stage(i) == stage).count();
  }

  private static Connection connect(Path file) throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }
}

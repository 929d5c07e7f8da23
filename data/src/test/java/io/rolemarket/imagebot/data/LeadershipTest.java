package io.rolemarket.imagebot.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One edge leads at a time; a standby takes the lead within seconds when the leader goes, whether it gives the lead
 * up or its connection is cut (as when its process is killed), and a leader cut off is told so.
 */
class LeadershipTest {
  private static final Duration EVERY = Duration.ofMillis(200);
  private final String url = EmbeddedPostgresServer.freshDatabase();

  @Test
  void oneLeadsAndTheStandbyTakesOverWhenItGoes() throws Exception {
    try (Leadership first = Leadership.campaign(url, null, EVERY, () -> { })) {
      assertTrue(first.awaitLead(Duration.ofSeconds(5)));
      try (Leadership standby = Leadership.campaign(url, null, EVERY, () -> { })) {
        assertFalse(standby.awaitLead(Duration.ofSeconds(1)), "two leaders");
        first.close();
        assertTrue(standby.awaitLead(Duration.ofSeconds(3)), "the standby leads once the leader is gone");
        assertTrue(standby.leads());
        assertFalse(first.leads());
      }
    }
  }

  @Test
  void aLeaderCutOff_isToldAndTheStandbyLeads() throws Exception {
    CountDownLatch lost = new CountDownLatch(1);
    try (Leadership leader = Leadership.campaign(url, null, EVERY, lost::countDown)) {
      assertTrue(leader.awaitLead(Duration.ofSeconds(5)));
      Leadership standby = Leadership.campaign(url, null, EVERY, () -> { });
      assertFalse(standby.awaitLead(Duration.ofMillis(600)));

      try (Connection admin = DriverManager.getConnection(url); Statement statement = admin.createStatement()) {
        // what the server does to a killed process's session: ends it, and its locks with it
        statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            + "WHERE application_name = 'imagebot-leadership' AND pid IN (SELECT pid FROM pg_locks "
            + "WHERE locktype = 'advisory' AND granted)");
      }

      assertTrue(standby.awaitLead(Duration.ofSeconds(3)), "the standby leads within seconds");
      assertTrue(lost.await(3, TimeUnit.SECONDS), "the cut-off leader is told");
      standby.close();
    }
  }
}

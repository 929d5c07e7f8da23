package io.rolemarket.imagebot.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.ProviderStatus;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.store.OperatorLog;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What admins switch at run time survives a restart of the bot on its SQLite file, with the audit. */
class OperatorSqliteTest {
  private static final UserRef BOSS = UserRef.of("test", "boss", "Boss");

  @TempDir Path dir;

  private static ImageBot bot(SqliteStore store) {
    return ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(ScriptedProvider.named("flux", "0.0012"))
        .provider(ScriptedProvider.named("sdxl", "0.0006")).build();
  }

  @Test
  void pauseAndProviderOff_surviveARestart_resumeAndOn_too() {
    Path file = dir.resolve("bot.db");
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED); ImageBot bot = bot(store)) {
      store.setRole(BOSS.key(), Role.ADMIN);
      bot.operate(BOSS, Command.Operation.PAUSE, "").orElseThrow();
      bot.operate(BOSS, Command.Operation.PROVIDER_OFF, "flux").orElseThrow();
    }
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED); ImageBot bot = bot(store)) {
      assertTrue(bot.paused());
      assertEquals(List.of(true, false), bot.providers().stream().map(ProviderStatus::switchedOff).toList());
      assertEquals(List.of("/provider off flux", "/pause"),
          store.audit(5).stream().map(OperatorLog.Audited::action).toList());
      bot.operate(BOSS, Command.Operation.RESUME, "").orElseThrow();
      bot.operate(BOSS, Command.Operation.PROVIDER_ON, "flux").orElseThrow();
    }
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED); ImageBot bot = bot(store)) {
      assertFalse(bot.paused());
      assertTrue(bot.providers().stream().noneMatch(ProviderStatus::switchedOff));
      assertEquals(4, store.audit(10).size());
    }
  }
}

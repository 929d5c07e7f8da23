package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.store.BotStore;
import io.rolemarket.imagebot.core.testing.UpdateInboxContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The update inbox contract on SQLite in a temporary file, restart tests included. */
class SqliteUpdateInboxContractTest extends UpdateInboxContract {
  @TempDir Path dir;

  @Override
  protected BotStore newStore() {
    return SqliteStore.open(dir.resolve("bot.db"), clock);
  }

  @Override
  protected boolean reopens() {
    return true;
  }

  @Override
  protected BotStore reopen() {
    return SqliteStore.open(dir.resolve("bot.db"), clock);
  }
}

package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.store.BotStore;
import io.rolemarket.imagebot.core.testing.JobStatsContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The job-stats contract on SQLite in a temporary file. */
class SqliteJobStatsContractTest extends JobStatsContract {
  @TempDir Path dir;

  @Override
  protected BotStore newStore() {
    return SqliteStore.open(dir.resolve("bot.db"), clock);
  }
}

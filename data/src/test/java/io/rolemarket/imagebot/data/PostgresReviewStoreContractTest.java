package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.store.BotStore;
import io.rolemarket.imagebot.core.testing.ReviewStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The review-record contract on PostgreSQL (embedded, a fresh database per test), restart tests included. */
class PostgresReviewStoreContractTest extends ReviewStoreContract {
  @TempDir Path blobs;
  private String url = "";

  @Override
  protected BotStore newStore() {
    url = EmbeddedPostgresServer.freshDatabase();
    return PostgresStore.open(url, null, blobs, clock);
  }

  @Override
  protected boolean reopens() {
    return true;
  }

  @Override
  protected BotStore reopen() {
    return PostgresStore.open(url, null, blobs, clock);
  }
}

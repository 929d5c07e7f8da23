package io.rolemarket.imagebot.data;

import java.nio.file.Path;
import java.time.Clock;

/**
 * A store contract's PostgreSQL store: {@link #fresh} opens one on a new database, {@link #reopen} opens that
 * database again (a restart). Confined to the test's thread.
 */
final class PostgresTestStore {
  private final Path blobs;
  private final Clock clock;
  private String url = "";

  PostgresTestStore(Path blobs, Clock clock) {
    this.blobs = blobs;
    this.clock = clock;
  }

  PostgresStore fresh() {
    url = EmbeddedPostgresServer.freshDatabase();
    return reopen();
  }

  PostgresStore reopen() {
    return PostgresStore.open(url, null, blobs, clock);
  }
}

package io.rolemarket.imagebot.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.store.BotStore;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The set-up the store contracts share ({@link StoreContract}, {@link ReviewStoreContract}): a fresh store
 * per test from the subclass, a restart for stores that keep their data (the others skip such tests),
 * and the fixtures.
 */
public abstract class StoreContractBase {
  protected static final Instant NOW = TestClocks.NOW;
  protected static final QuotaLimits TEN_A_DAY = new QuotaLimits(10, 100);
  protected static final String ALICE = "test:alice";
  protected static final String BOB = "test:bob";

  protected BotStore store;

  /**
   * The store's clock, standing at {@link #NOW} until a test moves it: the time a restart happens at, and
   * what the store stamps on rows of its own accord. Times that decide something are given to the calls.
   */
  protected final TestClock clock = TestClock.at(NOW);

  /** A fresh, empty store on {@link #clock}. */
  protected abstract BotStore newStore();

  /** Whether {@link #reopen} works: the store keeps its data when closed and opened again. */
  protected boolean reopens() {
    return false;
  }

  /** The store {@link #newStore} made, opened again after it was closed (only when {@link #reopens}). */
  protected BotStore reopen() {
    throw new UnsupportedOperationException("this store cannot be reopened");
  }

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** Closes the store and opens it again, skipping the test for a store that cannot. */
  protected final void restart() {
    assumeTrue(reopens(), "this store forgets everything when closed");
    store.close();
    store = reopen();
  }

  /** Closes the store and opens it again at {@code at}, as a process restarted then would. */
  protected final void restartAt(Instant at) {
    assumeTrue(reopens(), "this store forgets everything when closed");
    clock.set(at);
    restart();
  }

  /** A small PNG whose colour, and reported seed, is {@code salt}. */
  protected static GeneratedImage image(int salt) {
    return ScriptedProvider.image(salt);
  }
}

package io.rolemarket.imagebot.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.store.StoredImage;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ImageCacheTest {
  private final InMemoryStore store = new InMemoryStore();
  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;

  private static CacheKey key(String prompt) {
    return CacheKey.of("tier:balanced", "flux/flux-dev", prompt, 1, AspectRatio.SQUARE, null, null);
  }

  private CachedImages images(int salt) {
    GeneratedImage image = ScriptedProvider.image(salt);
    StoredImage stored = store.put(image, "p", "flux");
    return new CachedImages(List.of(image), List.of(stored), "flux", "flux-dev", new BigDecimal("0.0012"),
        Duration.ofSeconds(1));
  }

  private void load(ImageCache cache, CacheKey key, CachedImages value) {
    ImageCache.Claim.Owner owner = assertInstanceOf(ImageCache.Claim.Owner.class, cache.claim(key));
    owner.slot().complete(value);
  }

  @Test
  void key_caseAndWhitespaceFolded_sameKey() {
    assertEquals(key("Lulu  at\tHalloween ").hash(), key("lulu at halloween").hash());
    assertTrue(!key("lulu at halloween").hash().equals(
        CacheKey.of("tier:balanced", "flux/flux-dev", "lulu at halloween", 2, AspectRatio.SQUARE, null, null).hash()));
    assertTrue(!key("lulu").hash().equals(
        CacheKey.of("tier:balanced", "flux/flux-dev", "lulu", 1, AspectRatio.SQUARE, 7L, null).hash()));
  }

  @Test
  void key_referenceUrl_anotherUrlIsAnotherKeyAndNoUrlKeepsTheOldKey() {
    CacheKey plain = key("lulu");
    CacheKey withRef = CacheKey.of("tier:quality", "midjourney/midjourney", "lulu", 1, AspectRatio.SQUARE, null,
        null, "https://cdn.example.org/refs/lulu-v1.png");
    CacheKey otherRef = CacheKey.of("tier:quality", "midjourney/midjourney", "lulu", 1, AspectRatio.SQUARE, null,
        null, "https://cdn.example.org/refs/lulu-v2.png");

    assertTrue(!withRef.hash().equals(otherRef.hash()));
    assertTrue(withRef.canonical().endsWith("|cref=https://cdn.example.org/refs/lulu-v1.png"), withRef.canonical());
    assertEquals(plain, CacheKey.of("tier:balanced", "flux/flux-dev", "lulu", 1, AspectRatio.SQUARE, null, null,
        null));
  }

  @Test
  void claim_secondCallerWhileLoading_waitsOnTheSameFuture() {
    ImageCache cache = new ImageCache(1 << 20, Duration.ofHours(1), store, ticker);
    ImageCache.Claim.Owner owner = assertInstanceOf(ImageCache.Claim.Owner.class, cache.claim(key("a")));
    ImageCache.Claim.Waiter waiter = assertInstanceOf(ImageCache.Claim.Waiter.class, cache.claim(key("a")));
    assertSame(owner.slot(), waiter.result());
    CachedImages value = images(1);
    owner.slot().complete(value);
    assertSame(value, waiter.result().join());
  }

  @Test
  void claim_afterFailedLoad_nextCallerOwnsAgain() {
    ImageCache cache = new ImageCache(1 << 20, Duration.ofHours(1), store, ticker);
    ImageCache.Claim.Owner owner = assertInstanceOf(ImageCache.Claim.Owner.class, cache.claim(key("a")));
    owner.slot().completeExceptionally(new IllegalStateException("provider down"));
    assertInstanceOf(ImageCache.Claim.Owner.class, cache.claim(key("a")));
  }

  /**
   * A failed generation is an answer the pipeline logs once; Caffeine used to print its own two-line warning for each
   * on the console as well (468 of them in one scale run), outside the bot's log format.
   */
  @Test
  void failedLoad_isNotLoggedAgainByCaffeine() {
    java.util.logging.Logger caffeine = java.util.logging.Logger.getLogger(
        "com.github.benmanes.caffeine.cache.LocalAsyncCache");
    List<java.util.logging.LogRecord> published = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        if (caffeine.isLoggable(record.getLevel())) {
          published.add(record);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    caffeine.addHandler(handler);
    try {
      ImageCache cache = new ImageCache(1 << 20, Duration.ofHours(1), store, ticker);
      ImageCache.Claim.Owner owner = assertInstanceOf(ImageCache.Claim.Owner.class, cache.claim(key("a")));
      owner.slot().completeExceptionally(new IllegalStateException("provider down"));
      assertInstanceOf(ImageCache.Claim.Owner.class, cache.claim(key("a")));
    } finally {
      caffeine.removeHandler(handler);
    }
    assertEquals(List.of(), published.stream().map(java.util.logging.LogRecord::getMessage).toList());
  }

  @Test
  void weight_overTheMaximum_evictsByBytes() {
    CachedImages first = images(1);
    long oneEntry = first.bytes();
    ImageCache cache = new ImageCache(oneEntry * 3, Duration.ofHours(1), store, ticker);
    for (int i = 0; i < 10; i++) {
      load(cache, key("prompt " + i), i == 0 ? first : images(i));
    }
    cache.cleanUp();
    assertTrue(cache.memoryBytes() <= oneEntry * 3, "held " + cache.memoryBytes() + " bytes");
    assertTrue(cache.memoryBytes() > 0);
  }

  @Test
  void expiry_afterIdleTime_entryGone() {
    ImageCache cache = new ImageCache(1 << 20, Duration.ofMinutes(10), store, ticker);
    load(cache, key("a"), images(1));
    nanos.addAndGet(Duration.ofMinutes(5).toNanos());
    assertInstanceOf(ImageCache.Claim.Waiter.class, cache.claim(key("a")));
    nanos.addAndGet(Duration.ofMinutes(11).toNanos());
    assertInstanceOf(ImageCache.Claim.Owner.class, cache.claim(key("a")));
  }

  @Test
  void recall_rememberedOnDisk_comesBackAfterMemoryIsGone() {
    ImageCache cache = new ImageCache(1 << 20, Duration.ofMinutes(10), store, ticker);
    CachedImages value = images(3);
    cache.remember(key("a"), value);
    ImageCache restarted = new ImageCache(1 << 20, Duration.ofMinutes(10), store, ticker);
    CachedImages recalled = restarted.recall(key("a")).orElseThrow();
    assertEquals(value.stored(), recalled.stored());
    assertEquals(1, recalled.images().size());
    org.junit.jupiter.api.Assertions.assertArrayEquals(value.images().get(0).bytes(), recalled.images().get(0).bytes());
  }
}

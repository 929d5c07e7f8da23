package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.testing.TestClocks;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.StoredImage;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child JVM of {@link CrashTest}: journals 50 jobs in known states, says {@code ready}, then idles
 * ({@code idle}) or keeps generating on eight threads ({@code busy}) until it is killed.
 */
final class CrashingClient {
  static final int JOBS = 50;
  static final int IMAGES = 2;
  static final QuotaLimits LIMITS = new QuotaLimits(100_000, 1_000_000);
  static final BigDecimal PER_IMAGE = new BigDecimal("0.003");

  /** How far job {@code i} of the scripted 50 gets before the kill. */
  enum Stage {
    /** Delivered: images stored and attached, job closed, then finished (charged and history written at once). */
    FINISHED,
    /** Every image stored and attached, then the crash: to be completed. */
    IMAGES_STORED,
    /** One image of two stored: to be refunded. */
    HALF_STORED,
    /** Nothing stored: to be refunded. */
    NOTHING_STORED,
    /** Accepted by a job-based provider: to be left open. */
    REMOTE
  }

  private CrashingClient() {}

  static Stage stage(int i) {
    if (i % 10 == 9) {
      return Stage.REMOTE;
    }
    return Stage.values()[i % 4];
  }

  static String user(int i) {
    return "test:u" + (i % 5);
  }

  public static void main(String[] args) throws Exception {
    SqliteStore store = SqliteStore.open(Path.of(args[0]), TestClocks.FIXED);
    AtomicInteger salt = new AtomicInteger(1);
    for (int i = 0; i < JOBS; i++) {
      run(store, user(i), stage(i), salt);
    }
    System.out.println("ready");
    System.out.flush();
    if (args[1].equals("busy")) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String user = "test:busy" + t;
        threads.add(Thread.ofVirtual().start(() -> {
          while (true) {
            run(store, user, Stage.FINISHED, salt);
          }
        }));
      }
      System.out.println("busy");
      System.out.flush();
      threads.get(0).join();
    }
    Thread.sleep(Duration.ofHours(1));
  }

  private static void run(SqliteStore store, String user, Stage stage, AtomicInteger salt) {
    Instant now = TestClocks.NOW;
    long reservation = ((Reservation.Held) store.reserve(user, IMAGES, LIMITS, now)).id();
    String cacheKey = "key-" + salt.get();
    long job = store.open(new JobTicket(user, "lulu", "halloween", cacheKey, "a prompt", "flux", reservation, IMAGES,
        now));
    if (stage == Stage.REMOTE) {
      store.attachRemoteJob(job, "midjourney", "tt-" + job);
      return;
    }
    int stored = switch (stage) {
      case FINISHED, IMAGES_STORED -> IMAGES;
      case HALF_STORED -> 1;
      default -> 0;
    };
    List<StoredImage> images = new ArrayList<>();
    for (int n = 0; n < stored; n++) {
      StoredImage image = store.put(ScriptedProvider.image(salt.getAndIncrement()), "a prompt", "flux");
      store.attachImage(job, image, "flux", "flux-dev", PER_IMAGE, now);
      images.add(image);
    }
    if (stage == Stage.FINISHED) {
      BigDecimal cost = PER_IMAGE.multiply(BigDecimal.valueOf(IMAGES));
      store.close(job, true, "flux", IMAGES, cost, now);
      store.finish(job, new HistoryEntry(0, user, "lulu", "halloween", "a prompt", "flux", cost,
          Duration.ofSeconds(1), false, images, now));
    }
  }
}

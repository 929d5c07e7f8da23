package io.rolemarket.imagebot.core.testing;

import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaUsage;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.store.BotStore;
import io.rolemarket.imagebot.core.store.CachedGeneration;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every store port in memory, for core tests only. One lock around everything: simple and exactly as
 * atomic as the ports require. Safe for concurrent use.
 */
public final class InMemoryStore implements BotStore {
  private final Map<String, Role> roles = new HashMap<>();
  private final Map<String, int[]> usage = new HashMap<>();
  private final Map<Long, Held> reservations = new HashMap<>();
  private final Map<Long, Job> jobs = new HashMap<>();
  private final Map<String, byte[]> blobs = new HashMap<>();
  private final Map<String, StoredImage> images = new HashMap<>();
  private final Map<String, CachedGeneration> cacheIndex = new HashMap<>();
  private final List<HistoryEntry> history = new ArrayList<>();
  private final AtomicInteger blobWrites = new AtomicInteger();
  private long nextId = 1;

  private record Held(String user, String day, String month, int images) {}

  /** A journaled job, as the tests inspect it. */
  public record Job(long id, String userKey, String cacheKey, long reservationId, String state, String providerId,
      int images, BigDecimal costUsd) {}

  @Override
  public synchronized Role register(UserRef user) {
    return roles.computeIfAbsent(user.key(), key -> Role.USER);
  }

  @Override
  public synchronized void setRole(String userKey, Role role) {
    roles.put(userKey, role);
  }

  @Override
  public synchronized Reservation reserve(String userKey, int count, QuotaLimits limits, Instant now) {
    String day = "d:" + LocalDate.ofInstant(now, ZoneOffset.UTC);
    String month = "m:" + YearMonth.from(LocalDate.ofInstant(now, ZoneOffset.UTC));
    int[] d = window(userKey, day);
    int[] m = window(userKey, month);
    boolean dayOk = (long) d[0] + count <= (long) limits.daily() + d[1];
    boolean monthOk = (long) m[0] + count <= (long) limits.monthly() + m[1];
    if (!dayOk || !monthOk) {
      LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
      Instant resets = !dayOk
          ? today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)
          : today.withDayOfMonth(1).plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      return new Reservation.Exceeded(
          (int) Math.max(0, Math.min(Integer.MAX_VALUE, (long) limits.daily() + d[1] - d[0])),
          (int) Math.max(0, Math.min(Integer.MAX_VALUE, (long) limits.monthly() + m[1] - m[0])), resets);
    }
    d[0] += count;
    m[0] += count;
    long id = nextId++;
    reservations.put(id, new Held(userKey, day, month, count));
    return new Reservation.Held(id, count);
  }

  @Override
  public synchronized void commit(long reservationId, int imagesUsed) {
    settle(reservationId, imagesUsed);
  }

  @Override
  public synchronized void refund(long reservationId) {
    settle(reservationId, 0);
  }

  private void settle(long reservationId, int charged) {
    Held held = reservations.remove(reservationId);
    if (held == null) {
      return;
    }
    int giveBack = held.images() - Math.max(0, Math.min(held.images(), charged));
    window(held.user(), held.day())[0] -= giveBack;
    window(held.user(), held.month())[0] -= giveBack;
  }

  /** Reservations neither committed nor refunded. */
  public synchronized int heldReservations() {
    return reservations.size();
  }

  @Override
  public synchronized QuotaUsage usage(String userKey, Instant now) {
    String day = "d:" + LocalDate.ofInstant(now, ZoneOffset.UTC);
    String month = "m:" + YearMonth.from(LocalDate.ofInstant(now, ZoneOffset.UTC));
    return new QuotaUsage(window(userKey, day)[0], window(userKey, month)[0]);
  }

  @Override
  public synchronized void grant(String userKey, int count, Instant now) {
    window(userKey, "d:" + LocalDate.ofInstant(now, ZoneOffset.UTC))[1] += count;
    window(userKey, "m:" + YearMonth.from(LocalDate.ofInstant(now, ZoneOffset.UTC)))[1] += count;
  }

  private int[] window(String user, String key) {
    return usage.computeIfAbsent(user + "|" + key, k -> new int[2]);
  }

  @Override
  public synchronized long open(String userKey, String cacheKey, String prompt, String plannedProviderId,
      long reservationId, Instant at) {
    long id = nextId++;
    jobs.put(id, new Job(id, userKey, cacheKey, reservationId, "open", plannedProviderId, 0, BigDecimal.ZERO));
    return id;
  }

  @Override
  public synchronized void close(long jobId, boolean succeeded, String providerId, int count, BigDecimal costUsd,
      Instant at) {
    Job job = jobs.get(jobId);
    if (job != null && job.state().equals("open")) {
      jobs.put(jobId, new Job(jobId, job.userKey(), job.cacheKey(), job.reservationId(),
          succeeded ? "succeeded" : "failed", providerId, count, costUsd));
    }
  }

  /** Every journaled job, oldest first. */
  public synchronized List<Job> jobs() {
    return jobs.values().stream().sorted(java.util.Comparator.comparingLong(Job::id)).toList();
  }

  @Override
  public synchronized BigDecimal spend(YearMonth month) {
    return jobs.values().stream().filter(job -> job.state().equals("succeeded")).map(Job::costUsd)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Override
  public synchronized StoredImage put(GeneratedImage image, String prompt, String providerId) {
    String sha = image.sha256();
    StoredImage stored = new StoredImage(sha, image.format(), image.width(), image.height(), image.size());
    if (blobs.putIfAbsent(sha, image.bytes()) == null) {
      blobWrites.incrementAndGet();
    }
    images.put(sha, stored);
    return stored;
  }

  /** How many distinct blobs were written. */
  public int blobWrites() {
    return blobWrites.get();
  }

  @Override
  public synchronized Optional<byte[]> read(String sha256) {
    return Optional.ofNullable(blobs.get(sha256));
  }

  @Override
  public Path pathOf(StoredImage image) {
    return Path.of("memory", image.sha256() + "." + image.format().extension());
  }

  @Override
  public synchronized void remember(CachedGeneration generation) {
    cacheIndex.put(generation.cacheKey(), generation);
  }

  @Override
  public synchronized Optional<CachedGeneration> recall(String cacheKey) {
    return Optional.ofNullable(cacheIndex.get(cacheKey));
  }

  @Override
  public synchronized long record(HistoryEntry entry) {
    long id = nextId++;
    history.add(new HistoryEntry(id, entry.userKey(), entry.character(), entry.theme(), entry.prompt(),
        entry.providerId(), entry.costUsd(), entry.elapsed(), entry.fromCache(), entry.images(), entry.at()));
    return id;
  }

  @Override
  public synchronized List<HistoryEntry> recent(String userKey, int limit) {
    return history.reversed().stream().filter(entry -> entry.userKey().equals(userKey)).limit(limit).toList();
  }

  @Override
  public void close() {}
}

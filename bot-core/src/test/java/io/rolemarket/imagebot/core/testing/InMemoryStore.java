package io.rolemarket.imagebot.core.testing;

import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaUsage;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.store.ActionLinks;
import io.rolemarket.imagebot.core.store.BotStore;
import io.rolemarket.imagebot.core.store.CachedGeneration;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobOutcome;
import io.rolemarket.imagebot.core.store.JobStats;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.RemoteJob;
import io.rolemarket.imagebot.core.store.SpendReport;
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
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every store port in memory, for core tests only. One lock around everything: simple and exactly as
 * atomic as the ports require. Safe for concurrent use.
 */
public final class InMemoryStore implements BotStore {
  private final Map<String, Role> roles = new HashMap<>();
  private final Map<String, int[]> usage = new HashMap<>();
  private final Map<Long, Held> reservations = new HashMap<>();
  /** Money held against the budget by calls in flight, by hold id. */
  private final Map<Long, Hold> holds = new HashMap<>();
  private BigDecimal heldTotal = BigDecimal.ZERO;
  private final Map<String, BigDecimal> heldBy = new HashMap<>();
  private final java.util.Set<String> warned = new java.util.HashSet<>();
  /** Committed reservations with the images they kept. */
  private final Map<Long, Held> committed = new HashMap<>();
  private final Map<Long, Job> jobs = new HashMap<>();
  private final Map<String, byte[]> blobs = new HashMap<>();
  private final Map<String, StoredImage> images = new HashMap<>();
  private final Map<String, CachedGeneration> cacheIndex = new HashMap<>();
  private final List<HistoryEntry> history = new ArrayList<>();
  private final Map<String, QuotaLimits> overrides = new HashMap<>();
  private final Map<String, Lang> languages = new HashMap<>();
  private final Map<Long, JobTicket> tickets = new HashMap<>();
  private final Map<String, ActionLinks.Link> links = new java.util.LinkedHashMap<>();
  private final Map<Long, String[]> remoteJobs = new HashMap<>();
  private final Map<Long, Integer> imagesWanted = new HashMap<>();
  private final Map<String, Instant> seenEvents = new HashMap<>();
  /** Events received with their payloads and not yet handled, in arrival order. */
  private final Map<String, Received> unhandledEvents = new java.util.LinkedHashMap<>();
  private final Map<Long, Long> historyOfJob = new HashMap<>();
  private final Map<Long, Owed> owedDeliveries = new java.util.TreeMap<>();
  private final Map<Long, Long> owedJobs = new HashMap<>();
  private final java.util.Set<Long> settledDeliveries = new java.util.HashSet<>();
  /** When each job's last image was attached. */
  private final Map<Long, Instant> producedAt = new HashMap<>();
  /** When each closed job's cost was incurred: its last image's time, else when it closed. */
  private final Map<Long, Instant> billedAt = new HashMap<>();
  /** Billed spend per UTC month, everyone's under "" and each user's under their key. */
  private final Map<String, TreeMap<YearMonth, BigDecimal>> billedByMonth = new HashMap<>();
  private final Map<String, Long> seeds = new HashMap<>();
  /** When each job was closed. */
  private final Map<Long, Instant> closedAt = new HashMap<>();
  private final Map<Long, JobOutcome> outcomes = new HashMap<>();
  private final Map<Long, java.time.Duration> measured = new HashMap<>();
  private final Map<String, String> fileIds = new HashMap<>();
  private final InMemoryReviews reviews = new InMemoryReviews();
  private final InMemoryUpdateInbox inbox = new InMemoryUpdateInbox();
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
  public synchronized List<String> withRole(Role role) {
    return roles.entrySet().stream().filter(entry -> entry.getValue() == role).map(Map.Entry::getKey).sorted()
        .toList();
  }

  @Override
  public synchronized Optional<QuotaLimits> limitOverride(String userKey) {
    return Optional.ofNullable(overrides.get(userKey));
  }

  @Override
  public synchronized void overrideLimits(String userKey, QuotaLimits limits) {
    overrides.put(userKey, limits);
  }

  @Override
  public synchronized void clearLimitOverride(String userKey) {
    overrides.remove(userKey);
  }

  @Override
  public synchronized Optional<Lang> language(String userKey) {
    return Optional.ofNullable(languages.get(userKey));
  }

  @Override
  public synchronized void setLanguage(String userKey, Lang lang) {
    languages.put(userKey, lang);
  }

  @Override
  public synchronized Reservation reserve(String userKey, int count, QuotaLimits limits, Instant now) {
    if (count < 1) {
      throw new IllegalArgumentException("images must be at least 1, was " + count);
    }
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
    int kept = Math.max(0, Math.min(held.images(), charged));
    if (kept > 0) {
      committed.put(reservationId, new Held(held.user(), held.day(), held.month(), kept));
    }
    int giveBack = held.images() - kept;
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
  public synchronized long open(JobTicket ticket) {
    long id = nextId++;
    jobs.put(id, new Job(id, ticket.userKey(), ticket.cacheKey(), ticket.reservationId(), "open",
        ticket.plannedProviderId(), 0, BigDecimal.ZERO));
    tickets.put(id, ticket);
    Held reserved = reservations.get(ticket.reservationId());
    imagesWanted.put(id, ticket.images() > 0 || reserved == null ? ticket.images() : reserved.images());
    return id;
  }

  @Override
  public synchronized void attachImage(long jobId, StoredImage image, String providerId, String model,
      BigDecimal costUsd, Instant at) {
    Job job = jobs.get(jobId);
    if (job != null && job.state().equals("open")) {
      producedAt.merge(jobId, at, (was, now) -> now.isAfter(was) ? now : was);
    }
  }

  @Override
  public synchronized void attachRemoteJob(long jobId, String providerId, String remoteJobId) {
    remoteJobs.put(jobId, new String[] {providerId, remoteJobId});
  }

  @Override
  public synchronized List<RemoteJob> openRemoteJobs() {
    List<RemoteJob> open = new ArrayList<>();
    for (Job job : jobs()) {
      String[] remote = remoteJobs.get(job.id());
      if (remote != null && job.state().equals("open")) {
        JobTicket ticket = tickets.get(job.id());
        open.add(new RemoteJob(job.id(), job.userKey(), ticket.character(), ticket.theme(), job.cacheKey(),
            ticket.prompt(), remote[0], remote[1], job.reservationId(), imagesWanted.get(job.id()), ticket.at(),
            ticket.parentRemoteJobId(), ticket.action(),
            measured.getOrDefault(job.id(), java.time.Duration.ZERO)));
      }
    }
    return open;
  }

  @Override
  public synchronized void close(long jobId, boolean succeeded, String providerId, int count, BigDecimal costUsd,
      Instant at) {
    Job job = jobs.get(jobId);
    if (job != null && job.state().equals("open")) {
      jobs.put(jobId, new Job(jobId, job.userKey(), job.cacheKey(), job.reservationId(),
          succeeded ? "succeeded" : "failed", providerId, count, costUsd));
      Instant billed = producedAt.getOrDefault(jobId, at);
      billedAt.put(jobId, billed);
      if (succeeded) {
        YearMonth month = YearMonth.from(billed.atZone(ZoneOffset.UTC));
        billedByMonth.computeIfAbsent("", key -> new TreeMap<>()).merge(month, costUsd, BigDecimal::add);
        billedByMonth.computeIfAbsent(job.userKey(), key -> new TreeMap<>()).merge(month, costUsd, BigDecimal::add);
      }
      closedAt.put(jobId, at);
    }
  }

  @Override
  public synchronized void recordOutcome(long jobId, JobOutcome outcome) {
    if (jobs.containsKey(jobId)) {
      outcomes.put(jobId, outcome);
    }
  }

  /** How job {@code jobId} went, as last recorded, if it was. */
  public synchronized Optional<JobOutcome> outcome(long jobId) {
    return Optional.ofNullable(outcomes.get(jobId));
  }

  @Override
  public synchronized void measure(long jobId, java.time.Duration soFar) {
    Job job = jobs.get(jobId);
    if (job != null && job.state().equals("open")) {
      measured.put(jobId, soFar);
    }
  }

  @Override
  public synchronized JobStats stats(Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("the period must end after it starts, was " + from + " to " + to);
    }
    List<JobOutcome> finished = new ArrayList<>();
    Map<String, BigDecimal> spend = new TreeMap<>();
    for (Job job : jobs()) {
      Instant closed = closedAt.get(job.id());
      if (closed != null && within(closed, from, to) && outcomes.containsKey(job.id())) {
        finished.add(outcomes.get(job.id()));
      }
      Instant billed = billedAt.get(job.id());
      if (job.state().equals("succeeded") && billed != null && within(billed, from, to)
          && job.costUsd().signum() > 0) {
        spend.merge(job.providerId(), job.costUsd(), BigDecimal::add);
      }
    }
    int hits = 0;
    int paid = 0;
    int scored = 0;
    double similarities = 0;
    for (HistoryEntry entry : history) {
      if (within(entry.at(), from, to)) {
        if (entry.fromCache()) {
          hits++;
        } else {
          paid++;
          if (entry.similarity() != null) {
            scored++;
            similarities += entry.similarity();
          }
        }
      }
    }
    return JobStats.of(from, to, finished, spend, hits, paid, scored, scored == 0 ? 0 : similarities / scored);
  }

  private static boolean within(Instant at, Instant from, Instant to) {
    return !at.isBefore(from) && at.isBefore(to);
  }

  @Override
  public synchronized long finish(long jobId, HistoryEntry entry) {
    close(jobId, true, entry.providerId(), entry.images().size(), entry.costUsd(), entry.at());
    Job job = jobs.get(jobId);
    if (job != null) {
      settle(job.reservationId(), entry.images().size());
    }
    long historyId = record(entry);
    historyOfJob.putIfAbsent(jobId, historyId);
    return historyId;
  }

  @Override
  public synchronized boolean refundUndelivered(long historyId) {
    for (Map.Entry<Long, Long> link : historyOfJob.entrySet()) {
      if (link.getValue() == historyId) {
        Job job = jobs.get(link.getKey());
        Held charged = job == null ? null : committed.remove(job.reservationId());
        if (charged == null) {
          return false;
        }
        window(charged.user(), charged.day())[0] -= charged.images();
        window(charged.user(), charged.month())[0] -= charged.images();
        return true;
      }
    }
    return false;
  }

  @Override
  public synchronized long owe(Owed owed) {
    long id = owedDeliveries.size() + 1L;
    owedDeliveries.put(id, new Owed(id, owed.platform(), owed.chatRef(), owed.userKey(), owed.label(),
        owed.command(), owed.statusRef(), owed.at()));
    return id;
  }

  @Override
  public synchronized void serveBy(long owedId, long jobId) {
    owedJobs.put(owedId, jobId);
  }

  @Override
  public synchronized void showStatus(long owedId, String statusRef) {
    Owed owed = owedDeliveries.get(owedId);
    if (owed != null) {
      owedDeliveries.put(owedId, new Owed(owedId, owed.platform(), owed.chatRef(), owed.userKey(), owed.label(),
          owed.command(), statusRef, owed.at()));
    }
  }

  @Override
  public synchronized void settle(long owedId) {
    settledDeliveries.add(owedId);
  }

  @Override
  public synchronized List<Left> owed(String platform) {
    List<Left> left = new ArrayList<>();
    for (Owed owed : owedDeliveries.values()) {
      if (owed.platform().equals(platform) && !settledDeliveries.contains(owed.id())) {
        Long job = owedJobs.get(owed.id());
        Long history = job == null ? null : historyOfJob.get(job);
        left.add(new Left(owed, history == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(history)));
      }
    }
    return left;
  }

  /** The ticket job {@code jobId} was opened with. */
  public synchronized JobTicket ticket(long jobId) {
    return tickets.get(jobId);
  }

  /** The remote job id attached to job {@code jobId} last, or empty. */
  public synchronized String remoteJobId(long jobId) {
    String[] remote = remoteJobs.get(jobId);
    return remote == null ? "" : remote[1];
  }

  /** Every journaled job, oldest first. */
  public synchronized List<Job> jobs() {
    return jobs.values().stream().sorted(java.util.Comparator.comparingLong(Job::id)).toList();
  }

  @Override
  public synchronized BigDecimal spend(YearMonth month) {
    TreeMap<YearMonth, BigDecimal> months = billedByMonth.get("");
    return months == null ? BigDecimal.ZERO : months.getOrDefault(month, BigDecimal.ZERO);
  }

  @Override
  public synchronized java.util.OptionalLong hold(Ask ask, Instant now) {
    if (billedSince(null, now).add(held()).add(ask.usd()).compareTo(ask.teamLimitUsd()) > 0) {
      return java.util.OptionalLong.empty();
    }
    if (ask.userLimitUsd() != null
        && committedBy(ask.userKey(), now).add(ask.usd()).compareTo(ask.userLimitUsd()) > 0) {
      return java.util.OptionalLong.empty();
    }
    return java.util.OptionalLong.of(holdAnyway(ask.userKey(), ask.usd(), now));
  }

  @Override
  public synchronized long holdAnyway(String userKey, BigDecimal usd, Instant now) {
    long id = nextId++;
    holds.put(id, new Hold(userKey, usd));
    heldTotal = heldTotal.add(usd);
    heldBy.merge(userKey, usd, BigDecimal::add);
    return id;
  }

  @Override
  public synchronized BigDecimal committedBy(String userKey, Instant now) {
    return billedSince(userKey, now).add(heldBy.getOrDefault(userKey, BigDecimal.ZERO));
  }

  /**
   * What succeeded jobs (of {@code userKey}, or everyone's) billed since the start of {@code now}'s UTC month, from
   * running totals per month (a hold reads it: summing every job would make a burst quadratic).
   */
  private BigDecimal billedSince(@org.jspecify.annotations.Nullable String userKey, Instant now) {
    YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
    TreeMap<YearMonth, BigDecimal> months = billedByMonth.get(userKey == null ? "" : userKey);
    return months == null ? BigDecimal.ZERO
        : months.tailMap(month, true).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Override
  public synchronized boolean claimWarning(YearMonth month, int percent, Instant at) {
    return warned.add(month + "/" + percent);
  }

  private record Hold(String userKey, BigDecimal usd) {}

  @Override
  public synchronized void release(long holdId) {
    Hold hold = holds.remove(holdId);
    if (hold != null) {
      heldTotal = heldTotal.subtract(hold.usd());
      heldBy.merge(hold.userKey(), hold.usd().negate(), BigDecimal::add);
    }
  }

  @Override
  public synchronized BigDecimal held() {
    return heldTotal;
  }

  @Override
  public synchronized int releaseAll() {
    int released = holds.size();
    holds.clear();
    heldTotal = BigDecimal.ZERO;
    heldBy.clear();
    return released;
  }

  @Override
  public synchronized Map<String, BigDecimal> spendByProvider(YearMonth month) {
    Map<String, BigDecimal> spend = new TreeMap<>();
    for (Job job : jobs.values()) {
      if (succeededIn(job, month) && job.costUsd().signum() > 0) {
        spend.merge(job.providerId(), job.costUsd(), BigDecimal::add);
      }
    }
    return spend;
  }

  @Override
  public synchronized SpendReport spendReport(YearMonth month, int top) {
    if (top < 1) {
      throw new IllegalArgumentException("top must be at least 1, was " + top);
    }
    List<Job> paid = jobs.values().stream().filter(job -> succeededIn(job, month) && job.costUsd().signum() > 0)
        .toList();
    Map<LocalDate, Map<String, SpendReport.Share>> days = new TreeMap<>();
    for (Job job : paid) {
      days.computeIfAbsent(LocalDate.ofInstant(billedAt.get(job.id()), ZoneOffset.UTC), day -> new TreeMap<>())
          .merge(job.providerId(), new SpendReport.Share(job.providerId(), job.costUsd(), 1), InMemoryStore::add);
    }
    List<SpendReport.DaySpend> byDay = new ArrayList<>();
    days.forEach((day, providers) -> providers.values()
        .forEach(share -> byDay.add(new SpendReport.DaySpend(day, share.key(), share.usd(), share.jobs()))));
    return new SpendReport(month, byDay, shares(paid, Job::providerId, Integer.MAX_VALUE),
        shares(paid, Job::userKey, top), shares(paid, job -> tickets.get(job.id()).character(), top),
        shares(paid, job -> tickets.get(job.id()).theme(), top));
  }

  private static List<SpendReport.Share> shares(List<Job> paid, java.util.function.Function<Job, String> key,
      int top) {
    Map<String, SpendReport.Share> shares = new HashMap<>();
    for (Job job : paid) {
      shares.merge(key.apply(job), new SpendReport.Share(key.apply(job), job.costUsd(), 1), InMemoryStore::add);
    }
    return shares.values().stream().sorted(SpendReport.Share.LARGEST_FIRST).limit(top).toList();
  }

  private static SpendReport.Share add(SpendReport.Share one, SpendReport.Share other) {
    return new SpendReport.Share(one.key(), one.usd().add(other.usd()), one.jobs() + other.jobs());
  }

  @Override
  public synchronized BigDecimal spendOf(String userKey, YearMonth month) {
    return jobs.values().stream().filter(job -> job.userKey().equals(userKey) && succeededIn(job, month))
        .map(Job::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private boolean succeededIn(Job job, YearMonth month) {
    return job.state().equals("succeeded")
        && YearMonth.from(LocalDate.ofInstant(billedAt.get(job.id()), ZoneOffset.UTC)).equals(month);
  }

  @Override
  public synchronized StoredImage put(GeneratedImage image, String prompt, String providerId) {
    String sha = image.sha256();
    StoredImage stored = new StoredImage(sha, image.format(), image.width(), image.height(), image.size());
    if (blobs.putIfAbsent(sha, image.bytes()) == null) {
      blobWrites.incrementAndGet();
    }
    images.put(sha, stored);
    if (image.seed() != null) {
      seeds.putIfAbsent(sha, image.seed());
    }
    return stored;
  }

  /** How many distinct blobs were written. */
  public int blobWrites() {
    return blobWrites.get();
  }

  @Override
  public synchronized Optional<Long> seedOf(String sha256) {
    return Optional.ofNullable(seeds.get(sha256));
  }

  @Override
  public synchronized Optional<byte[]> read(String sha256) {
    return Optional.ofNullable(blobs.get(sha256));
  }

  @Override
  public Path pathOf(StoredImage image) {
    return Path.of("memory", image.sha256() + "." + image.format().extension());
  }

  /** How many generations the disk tier of the cache remembers. */
  public synchronized int cacheEntries() {
    return cacheIndex.size();
  }

  @Override
  public synchronized void remember(CachedGeneration generation) {
    cacheIndex.put(generation.cacheKey(), generation);
  }

  @Override
  public synchronized Optional<CachedGeneration> recall(String cacheKey) {
    return Optional.ofNullable(cacheIndex.get(cacheKey))
        .filter(generation -> generation.images().stream().allMatch(image -> blobs.containsKey(image.sha256())));
  }

  @Override
  public synchronized long record(HistoryEntry entry) {
    long id = nextId++;
    history.add(entry.withId(id));
    return id;
  }

  @Override
  public synchronized List<HistoryEntry> recent(String userKey, int limit) {
    return history.reversed().stream().filter(entry -> entry.userKey().equals(userKey)).limit(limit).toList();
  }

  @Override
  public synchronized Optional<HistoryEntry> entry(String userKey, long historyId) {
    return history.stream().filter(entry -> entry.id() == historyId && entry.userKey().equals(userKey)).findFirst();
  }

  @Override
  public synchronized Optional<String> fileId(String platform, String sha256) {
    return Optional.ofNullable(fileIds.get(platform + "|" + sha256));
  }

  @Override
  public synchronized void rememberFileId(String platform, String sha256, String fileId) {
    fileIds.put(platform + "|" + sha256, fileId);
  }

  @Override
  public long submit(Submission submission) {
    return reviews.submit(submission);
  }

  @Override
  public Optional<Submission> submission(long submissionId) {
    return reviews.submission(submissionId);
  }

  @Override
  public List<Submission> undecided(int limit) {
    return reviews.undecided(limit);
  }

  @Override
  public boolean vote(Vote vote) {
    return reviews.vote(vote);
  }

  @Override
  public List<Vote> votes(long submissionId) {
    return reviews.votes(submissionId);
  }

  @Override
  public boolean decide(Decision decision) {
    return reviews.decide(decision);
  }

  @Override
  public Optional<Decision> decision(long submissionId) {
    return reviews.decision(submissionId);
  }

  @Override
  public List<Submission> decided(Outcome outcome, int limit) {
    return reviews.decided(outcome, limit);
  }

  @Override
  public void rememberPost(long submissionId, String platform, String postRef) {
    reviews.rememberPost(submissionId, platform, postRef);
  }

  @Override
  public Optional<String> post(long submissionId, String platform) {
    return reviews.post(submissionId, platform);
  }

  @Override
  public List<AuditEntry> audit(long submissionId) {
    return reviews.audit(submissionId);
  }

  @Override
  public synchronized boolean firstSeen(String platform, String eventId, Instant at) {
    return seenEvents.putIfAbsent(platform + "\u0000" + eventId, at) == null;
  }

  @Override
  public synchronized java.util.Set<String> received(String platform, List<Received> events, Instant at) {
    java.util.Set<String> fresh = new java.util.LinkedHashSet<>();
    for (Received event : events) {
      if (firstSeen(platform, event.eventId(), at)) {
        fresh.add(event.eventId());
        unhandledEvents.put(platform + "\u0000" + event.eventId(), event);
      }
    }
    return fresh;
  }

  @Override
  public synchronized void handled(String platform, String eventId, Instant at) {
    unhandledEvents.remove(platform + "\u0000" + eventId);
  }

  @Override
  public synchronized List<Received> unhandled(String platform) {
    return unhandledEvents.entrySet().stream().filter(e -> e.getKey().startsWith(platform + "\u0000"))
        .map(Map.Entry::getValue).toList();
  }

  @Override
  public synchronized long oweFor(Owed owed, String eventId) {
    long id = owe(owed);
    handled(owed.platform(), eventId, owed.at());
    return id;
  }

  @Override
  public synchronized int forgetEventsBefore(Instant before) {
    int size = seenEvents.size();
    seenEvents.entrySet().removeIf(e -> {
      boolean old = e.getValue().isBefore(before);
      if (old) {
        unhandledEvents.remove(e.getKey());
      }
      return old;
    });
    return size - seenEvents.size();
  }
  @Override
  public synchronized void link(ActionLinks.Link link) {
    if (links.putIfAbsent(link.token(), link) != null) {
      throw new IllegalStateException("token " + link.token() + " is taken");
    }
  }

  @Override
  public synchronized Optional<ActionLinks.Link> linked(String token) {
    return Optional.ofNullable(links.get(token));
  }

  @Override
  public synchronized Optional<String> requestOf(long historyId) {
    return links.values().stream().filter(link -> link.historyId() == historyId).reduce((first, second) -> second)
        .map(ActionLinks.Link::command);
  }


  @Override
  public boolean put(String platform, String eventId, String payload, Instant at) {
    return inbox.put(platform, eventId, payload, at);
  }

  @Override
  public List<Inboxed> take(String platform, int max, Instant now, java.time.Duration lease) {
    return inbox.take(platform, max, now, lease);
  }

  @Override
  public void done(String platform, String eventId, Instant at) {
    inbox.done(platform, eventId, at);
  }

  @Override
  public int forgetHandledBefore(Instant before) {
    return inbox.forgetHandledBefore(before);
  }

  @Override
  public void close() {}

  private final Map<String, String> switches = new HashMap<>();
  private final List<Audited> audited = new ArrayList<>();

  @Override
  public synchronized Map<String, String> switches() {
    return Map.copyOf(switches);
  }

  @Override
  public synchronized void setSwitch(String name, String value, String actorKey, String action, Instant at) {
    switches.put(name, value);
    audited.add(new Audited(actorKey, action, at));
  }

  @Override
  public synchronized List<Audited> audit(int limit) {
    return audited.reversed().stream().limit(limit).toList();
  }

  private final Map<String, float[]> embeddings = new HashMap<>();

  @Override
  public synchronized Optional<float[]> embedding(String modelId, String sha256) {
    float[] kept = embeddings.get(modelId + " " + sha256);
    return kept == null ? Optional.empty() : Optional.of(kept.clone());
  }

  @Override
  public synchronized void keepEmbedding(String modelId, String sha256, float[] embedding) {
    if (embedding.length == 0) {
      throw new IllegalArgumentException("an embedding needs at least one number, was empty");
    }
    embeddings.put(modelId + " " + sha256, embedding.clone());
  }

  private final InMemoryWebSessions web = new InMemoryWebSessions();

  @Override
  public byte[] webSigningKey(byte[] candidate) {
    return web.webSigningKey(candidate);
  }

  @Override
  public void addSignInLink(String linkId, String userKey, Instant issuedAt, Instant expiresAt) {
    web.addSignInLink(linkId, userKey, issuedAt, expiresAt);
  }

  @Override
  public Optional<String> useSignInLink(String linkId, Instant now) {
    return web.useSignInLink(linkId, now);
  }

  @Override
  public void openWebSession(String sessionHash, String userKey, Instant openedAt, Instant expiresAt) {
    web.openWebSession(sessionHash, userKey, openedAt, expiresAt);
  }

  @Override
  public Optional<String> webSessionUser(String sessionHash, Instant now) {
    return web.webSessionUser(sessionHash, now);
  }

  @Override
  public boolean endWebSession(String sessionHash, Instant at) {
    return web.endWebSession(sessionHash, at);
  }

  @Override
  public int revokeWeb(String userKey, Instant at) {
    return web.revokeWeb(userKey, at);
  }
}

package io.rolemarket.imagebot.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.generate.ProgressEvent;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.testing.Outcomes;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClock;
import io.rolemarket.imagebot.core.testing.TestClocks;
import io.rolemarket.imagebot.core.work.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot as several processes on one PostgreSQL database: an edge that takes requests and workers that run them
 * (each an {@link ImageBot} on a store of its own, as separate processes have). The edge's answer comes from the
 * worker, charged once; a worker killed mid-request leaves it to another, and the user still gets one answer.
 */
class SeveralProcessesTest {
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final UserRef ANN = new UserRef("test:ann", "Ann");

  @TempDir Path blobs;
  private final TestClock clock = TestClock.at(TestClocks.NOW);
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  private String url;

  @BeforeEach
  void database() {
    url = EmbeddedPostgresServer.freshDatabase();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : open.reversed()) {
      closeable.close();
    }
  }

  private PostgresStore store() {
    PostgresStore store = PostgresStore.open(url, null, blobs, clock, LEASE);
    open.add(store);
    return store;
  }

  private ImageBot bot(PostgresStore store, ScriptedProvider provider) {
    ImageBot bot = ImageBot.builder().clock(clock).store(store).provider(provider)
        .quotaPolicy(QuotaPolicy.withDailyLimit(20)).workQueue(store, Duration.ofMillis(20)).build();
    open.add(bot);
    return bot;
  }

  private Worker worker(ImageBot bot) {
    return worker(bot, 4);
  }

  private Worker worker(ImageBot bot, int concurrency) {
    Worker worker = bot.startWorker(concurrency, Duration.ofMillis(20));
    open.add(() -> worker.close(Duration.ofSeconds(1)));
    return worker;
  }

  @Test
  void anEdgesRequest_isMadeByAWorkerAndAnsweredAtTheEdge() throws Exception {
    GeneratedImage picture = ScriptedProvider.image(7);
    ScriptedProvider atTheEdge = ScriptedProvider.named("flux", "0.01");
    ScriptedProvider atTheWorker = ScriptedProvider.named("flux", "0.01").fixedImage(picture)
        .latency(Duration.ofMillis(300));
    PostgresStore edgeStore = store();
    ImageBot edge = bot(edgeStore, atTheEdge);
    worker(bot(store(), atTheWorker));

    List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    ImageBot.Ticket ticket = edge.admit(ANN, "telegram", "1", Command.Generate.plain("lulu", "halloween", 1))
        .orElseThrow();
    GenerateOutcome outcome = ticket.generate(events::add);
    ticket.close();

    GenerateOutcome.Generated made = assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome));
    assertArrayEquals(picture.bytes(), made.result().images().get(0).bytes(), "the worker's picture");
    assertEquals(0, atTheEdge.calls(), "the edge called no provider");
    assertEquals(1, atTheWorker.calls());
    assertEquals(1, edgeStore.usage(ANN.key(), clock.instant()).today(), "charged once");
    assertEquals(1, edge.history(ANN, 10).size());
    assertTrue(events.stream().anyMatch(ProgressEvent.Done.class::isInstance), "progress came through: " + events);
    assertEquals(List.of(), edge.owedAfterRestart("telegram"), "nothing left owed");
  }

  @Test
  void notifications_wakeTheWorkerAndTheEdgeLongBeforeTheirPolls() throws Exception {
    Duration slowPoll = Duration.ofSeconds(60);
    PostgresStore edgeStore = store();
    ImageBot edge = ImageBot.builder().clock(clock).store(edgeStore).provider(ScriptedProvider.named("flux", "0.01"))
        .workQueue(edgeStore, slowPoll).build();
    open.add(edge);
    PostgresStore workerStore = store();
    ImageBot workerBot = ImageBot.builder().clock(clock).store(workerStore)
        .provider(ScriptedProvider.named("flux", "0.01")).workQueue(workerStore, slowPoll).build();
    open.add(workerBot);
    // let the worker's first look (at start) pass, so only a notification can wake it
    Worker worker = workerBot.startWorker(2, slowPoll);
    open.add(() -> worker.close(Duration.ofSeconds(1)));
    Thread.sleep(300);
    edgeStore.onChange(edge::workChanged);
    workerStore.onChange(worker::wake);

    ImageBot.Ticket ticket = edge.admit(ANN, "telegram", "1", Command.Generate.plain("lulu", "halloween", 1))
        .orElseThrow();
    CompletableFuture<GenerateOutcome> answer = CompletableFuture.supplyAsync(() -> ticket.generate(event -> { }));

    GenerateOutcome outcome = answer.get(15, TimeUnit.SECONDS);
    ticket.close();
    assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome));
  }

  @Test
  void aLeaderKilledWhileItsRequestRuns_theNewLeaderDeliversItWhenTheWorkerIsDone() throws Exception {
    GeneratedImage picture = ScriptedProvider.image(11);
    ScriptedProvider slow = ScriptedProvider.named("flux", "0.01").fixedImage(picture).latency(Duration.ofSeconds(2));
    PostgresStore leaderStore = PostgresStore.open(url, null, blobs, clock, LEASE);
    ImageBot leader = ImageBot.builder().clock(clock).store(leaderStore).provider(ScriptedProvider.named("flux", "0.01"))
        .workQueue(leaderStore, Duration.ofMillis(20)).build();
    worker(bot(store(), slow));
    ImageBot.Ticket ticket = leader.admit(ANN, "telegram", "1", Command.Generate.plain("lulu", "halloween", 1))
        .orElseThrow();
    Thread.ofVirtual().start(() -> ticket.generate(event -> { })); // waits for the worker, then dies with its process
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (slow.calls() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    leaderStore.halt(); // SIGKILL: the answer is still owed

    ImageBot standby = bot(store(), ScriptedProvider.named("flux", "0.01"));
    List<ImageBot.Unanswered> owed = standby.owedAfterRestart("telegram");

    assertEquals(1, owed.size(), "the new leader owes the dead one's answer");
    GenerationResult made = owed.get(0).made().orElseThrow(); // waits for the worker
    assertArrayEquals(picture.bytes(), made.images().get(0).bytes());
    standby.answered(owed.get(0).owed().id());
    assertEquals(List.of(), standby.owedAfterRestart("telegram"), "delivered once");
    assertEquals(1, slow.calls(), "made once");
  }

  @Test
  void aLeaderKilledBetweenOwingAnAnswerAndQueueingItsRequest_theNewLeaderQueuesItAndDeliversThePicture()
      throws Exception {
    // The scale run (issue 20) told 7 of 1,000 users "I was restarted ... try again": their edge had owed the answer
    // and was killed before its generation thread queued the request.
    GeneratedImage picture = ScriptedProvider.image(12);
    ScriptedProvider atTheWorker = ScriptedProvider.named("flux", "0.01").fixedImage(picture);
    PostgresStore leaderStore = PostgresStore.open(url, null, blobs, clock, LEASE);
    ImageBot leader = ImageBot.builder().clock(clock).store(leaderStore).provider(ScriptedProvider.named("flux", "0.01"))
        .workQueue(leaderStore, Duration.ofMillis(20)).build();
    worker(bot(store(), atTheWorker));
    leader.role(ANN); // known from an earlier request
    leader.admit(ANN, "telegram", "1", Command.Generate.plain("lulu", "halloween", 1)).orElseThrow(); // owed
    leaderStore.halt(); // SIGKILL before the request was queued

    ImageBot standby = bot(store(), ScriptedProvider.named("flux", "0.01"));
    List<ImageBot.Unanswered> owed = standby.owedAfterRestart("telegram");

    assertEquals(1, owed.size(), "the new leader owes the dead one's answer");
    GenerationResult made = owed.get(0).made().orElseThrow(); // queued by the new leader, made by the worker
    assertArrayEquals(picture.bytes(), made.images().get(0).bytes());
    standby.answered(owed.get(0).owed().id());
    assertEquals(List.of(), standby.owedAfterRestart("telegram"), "delivered once");
    assertEquals(1, atTheWorker.calls(), "made once");
    assertEquals(1, store().usage(ANN.key(), clock.instant()).today(), "charged once");
    assertEquals(Optional.of(ANN.displayName()), store().displayName(ANN.key()), "still known by name, not by key");
  }

  @Test
  void identicalRequestsOnTwoWorkers_callAProviderOnce() throws Exception {
    ScriptedProvider first = ScriptedProvider.named("flux", "0.01").latency(Duration.ofMillis(800));
    ScriptedProvider second = ScriptedProvider.named("flux", "0.01").latency(Duration.ofMillis(800));
    PostgresStore edgeStore = store();
    ImageBot edge = bot(edgeStore, ScriptedProvider.named("flux", "0.01"));
    // one request at a time each: the two requests go to the two workers
    worker(bot(store(), first), 1);
    worker(bot(store(), second), 1);
    UserRef bob = new UserRef("test:bob", "Bob");

    List<CompletableFuture<GenerateOutcome>> answers = new java.util.ArrayList<>();
    for (UserRef user : List.of(ANN, bob)) {
      ImageBot.Ticket ticket = edge.admit(user, "telegram", "1", Command.Generate.plain("lulu", "halloween", 1))
          .orElseThrow();
      answers.add(CompletableFuture.supplyAsync(() -> {
        try (ticket) {
          return ticket.generate(event -> { });
        }
      }));
    }
    List<GenerateOutcome> outcomes = new java.util.ArrayList<>();
    for (CompletableFuture<GenerateOutcome> answer : answers) {
      outcomes.add(answer.get(20, TimeUnit.SECONDS));
    }

    outcomes.forEach(outcome -> assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome)));
    assertEquals(1, first.calls() + second.calls(), "one provider call for one cache key, across processes");
    assertEquals(1, edgeStore.usage(ANN.key(), clock.instant()).today() + edgeStore.usage(bob.key(),
        clock.instant()).today(), "only the one who asked first pays");
  }

  @Test
  void aWorkerKilledMidRequest_leavesItToAnotherAndTheUserGetsOneAnswer() throws Exception {
    ScriptedProvider hanging = ScriptedProvider.named("flux", "0.01").latency(Duration.ofMinutes(5));
    ScriptedProvider healthy = ScriptedProvider.named("flux", "0.01").latency(Duration.ofMillis(100));
    PostgresStore edgeStore = store();
    ImageBot edge = bot(edgeStore, ScriptedProvider.named("flux", "0.01"));
    PostgresStore killedStore = PostgresStore.open(url, null, blobs, clock, LEASE);
    ImageBot killedBot = ImageBot.builder().clock(clock).store(killedStore).provider(hanging)
        .quotaPolicy(QuotaPolicy.withDailyLimit(20)).workQueue(killedStore, Duration.ofMillis(20)).build();
    Worker killed = killedBot.startWorker(4, Duration.ofMillis(20));

    ImageBot.Ticket ticket = edge.admit(ANN, "telegram", "1", Command.Generate.plain("lulu", "halloween", 1))
        .orElseThrow();
    CompletableFuture<GenerateOutcome> answer = CompletableFuture.supplyAsync(() -> ticket.generate(event -> { }));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (hanging.calls() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(1, hanging.calls(), "the first worker took it");
    assertEquals(1, edgeStore.usage(ANN.key(), clock.instant()).today(), "and reserved the quota");

    killedStore.halt(); // SIGKILL: no goodbye, no more heartbeats
    killed.close(Duration.ZERO);
    ImageBot rescuer = bot(store(), healthy);
    worker(rescuer);
    clock.advance(LEASE.plusSeconds(1));
    rescuer.reapOrphans();

    GenerateOutcome outcome = answer.get(10, TimeUnit.SECONDS);
    ticket.close();
    assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome));
    assertEquals(1, healthy.calls(), "made again by the other worker");
    assertEquals(1, edgeStore.usage(ANN.key(), clock.instant()).today(), "the killed worker's reservation refunded");
    assertEquals(1, edge.history(ANN, 10).size(), "one answer");
    // the killed worker's call is billed by the provider though nobody read its answer: the team's spend counts both
    assertEquals(0, new java.math.BigDecimal("0.02").compareTo(
        edgeStore.spend(java.time.YearMonth.from(clock.instant().atZone(java.time.ZoneOffset.UTC)))),
        "the lost call and the second one");
  }
}

package io.rolemarket.imagebot.telegram;

import com.github.benmanes.caffeine.cache.Ticker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rolemarket.imagebot.core.BotMetrics;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.ApiResponse;
import org.telegram.telegrambots.meta.api.objects.ResponseParameters;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/** The two lanes: answers go ahead of queued status messages, within the same limits. */
class OutboxTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Outbox outbox = new Outbox(TelegramSettings.of("1:test", TelegramSettings.DEFAULT_API_URL),
      Ticker.systemTicker(), BotMetrics.on(registry));

  @Test
  void answer_overtakesABacklogOfStatusMessagesInOtherChats() throws Exception {
    List<String> sent = Collections.synchronizedList(new ArrayList<>());
    int statuses = 40;
    CountDownLatch queued = new CountDownLatch(statuses);
    List<Thread> threads = new ArrayList<>();
    for (int chat = 1; chat <= statuses; chat++) {
      long id = chat;
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          queued.countDown();
          outbox.sendStatus(id, false, () -> true, () -> sent.add("status " + id));
        } catch (Exception e) {
          sent.add("failed " + e);
        }
      }));
    }
    assertTrue(queued.await(10, TimeUnit.SECONDS));
    while (sent.isEmpty()) {
      Thread.sleep(1);
    }

    outbox.send(999, false, () -> sent.add("answer"));
    for (Thread thread : threads) {
      thread.join();
    }

    assertEquals(statuses + 1, sent.size(), sent::toString);
    int position = sent.indexOf("answer");
    assertTrue(position >= 1 && position < statuses / 4, "the answer went out as message " + position + " of "
        + sent.size() + ": " + sent);
  }

  @Test
  void optionalCalls_takeOnlyBudgetToSpare_andCountInIt() throws Exception {
    // Nothing sent yet: a chat action may go, and it takes the pace's next slot like a message.
    AtomicInteger actions = new AtomicInteger();
    assertTrue(outbox.optional(actions::incrementAndGet));
    assertFalse(outbox.optional(actions::incrementAndGet), "the pace's next slot is taken by the first");
    assertEquals(1, actions.get());

    // Half a second's budget used by messages: optional calls stop, answers still go.
    for (int chat = 100; chat < 114; chat++) {
      long id = chat;
      outbox.send(id, false, () -> id);
    }
    Thread.sleep(50); // the pace's next slot is free again; the second's budget is not
    assertFalse(outbox.optional(actions::incrementAndGet), "no optional call past half the second's budget");
    assertEquals(1, actions.get());
    assertEquals(7L, outbox.send(7, false, () -> 7L), "answers are not held by the optional budget");
  }

  @Test
  void statusLines_waitWhileHalfTheSecondsBudgetIsUsed_answersDoNot() throws Exception {
    for (int chat = 200; chat < 214; chat++) {
      long id = chat;
      outbox.send(id, false, () -> id);
    }
    List<String> sent = Collections.synchronizedList(new ArrayList<>());
    Thread status = Thread.ofVirtual().start(() -> {
      try {
        outbox.sendStatus(300, false, () -> true, () -> sent.add("status"));
      } catch (Exception e) {
        sent.add("failed " + e);
      }
    });
    Thread.sleep(100);
    outbox.send(301, false, () -> sent.add("answer"));
    status.join();

    assertEquals(List.of("answer", "status"), sent, "the status line waited for the second's budget to free up");
  }

  @Test
  void answersToOneChat_keepTheirOrderAndSpacing() throws Exception {
    List<Long> at = Collections.synchronizedList(new ArrayList<>());
    outbox.sendStatus(7, false, () -> true, () -> at.add(System.nanoTime()));
    outbox.send(7, false, () -> at.add(System.nanoTime()));

    assertTrue(at.get(1) - at.get(0) >= TimeUnit.MILLISECONDS.toNanos(1000),
        "a chat's messages stay a second apart even when an answer follows a status");
  }

  @Test
  void statusNoLongerWantedWhenItsTurnComes_droppedUnsent() throws Exception {
    List<String> sent = Collections.synchronizedList(new ArrayList<>());
    outbox.send(5, false, () -> sent.add("answer"));
    AtomicBoolean wanted = new AtomicBoolean(true);
    Thread status = Thread.ofVirtual().start(() -> {
      try {
        sent.add(String.valueOf(outbox.sendStatus(5, false, wanted::get, () -> "status")));
      } catch (Exception e) {
        sent.add("failed " + e);
      }
    });
    wanted.set(false);
    status.join();

    assertEquals(List.of("answer", "null"), sent, "the status waited its second behind the answer, then was dropped");
  }

  private static TelegramApiRequestException refused(int code, String description, @Nullable Integer retryAfter) {
    return new TelegramApiRequestException("Error sending", new ApiResponse<>(false, code, description,
        retryAfter == null ? null : new ResponseParameters(null, retryAfter), null));
  }

  @Test
  void answer_refusedWith429SixTimes_waitsEachRetryAfterAndIsDelivered() throws Exception {
    // Before: retried 5 times at the chat's own pace whatever retry_after said, then dropped though charged.
    List<Long> tries = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    String result = outbox.send(11, false, () -> {
      tries.add(System.nanoTime() - start);
      if (tries.size() <= 6) {
        throw refused(429, "Too Many Requests: retry after 1", 1);
      }
      return "delivered";
    });
    assertEquals("delivered", result);
    assertEquals(7, tries.size());
    for (int i = 1; i < tries.size(); i++) {
      long gap = tries.get(i) - tries.get(i - 1);
      assertTrue(gap >= TimeUnit.SECONDS.toNanos(1), "try " + i + " came " + gap / 1_000_000 + " ms after a 429 "
          + "that asked for 1 s");
    }
    assertEquals(6, registry.get("imagebot.platform.rate.limited").tag("platform", "telegram").counter().count());
    assertEquals(6, registry.get("imagebot.platform.retry.after").tag("platform", "telegram").counter().count());
  }

  @Test
  void retryAfter_ofOneChat_doesNotHoldOtherChats() throws Exception {
    AtomicBoolean first = new AtomicBoolean(true);
    Thread refusedChat = Thread.ofVirtual().start(() -> {
      try {
        outbox.send(21, false, () -> {
          if (first.getAndSet(false)) {
            throw refused(429, "Too Many Requests: retry after 3", 3);
          }
          return "late";
        });
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    while (first.get()) {
      Thread.sleep(1);
    }
    long start = System.nanoTime();
    outbox.send(22, false, () -> "other chat");
    assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500), "another chat waited for chat 21's 429");
    refusedChat.join();
  }

  @Test
  void retryAfter_inSeveralChatsAtOnce_isTakenAsGlobalAndHoldsEveryChat() throws Exception {
    CountDownLatch refusedAll = new CountDownLatch(3);
    List<Thread> threads = new ArrayList<>();
    for (long chat = 31; chat <= 33; chat++) {
      long id = chat;
      AtomicBoolean once = new AtomicBoolean(true);
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          outbox.send(id, false, () -> {
            if (once.getAndSet(false)) {
              refusedAll.countDown();
              throw refused(429, "Too Many Requests: retry after 2", 2);
            }
            return "ok";
          });
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    assertTrue(refusedAll.await(5, TimeUnit.SECONDS));
    Thread.sleep(50);
    long start = System.nanoTime();
    outbox.send(34, false, () -> "a fourth chat");
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1500),
        "a global 429 holds every chat for its retry_after");
    for (Thread thread : threads) {
      thread.join();
    }
  }

  @Test
  void backlogInOneChat_doesNotDelayAnotherChatsAnswer() throws Exception {
    // Before: each answer booked a shared slot after its chat's backlog, so one flooding chat pushed every
    // other chat's answers behind its own.
    List<Thread> flood = new ArrayList<>();
    CountDownLatch queued = new CountDownLatch(10);
    for (int i = 0; i < 10; i++) {
      flood.add(Thread.ofVirtual().start(() -> {
        try {
          queued.countDown();
          outbox.send(41, false, () -> "flood");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    assertTrue(queued.await(5, TimeUnit.SECONDS));
    Thread.sleep(100);
    long start = System.nanoTime();
    outbox.send(42, false, () -> "quota");
    long waited = System.nanoTime() - start;
    assertTrue(waited < TimeUnit.MILLISECONDS.toNanos(300), "another chat's answer waited " + waited / 1_000_000
        + " ms behind a flooding chat");
    flood.forEach(Thread::interrupt);
  }

  @Test
  void chatThatBlockedTheBot_isUnreachableAndNotTriedAgain() {
    List<String> tries = new ArrayList<>();
    TelegramApiRequestException blocked = assertThrows(TelegramApiRequestException.class,
        () -> outbox.send(51, false, () -> {
          tries.add("try");
          throw refused(403, "Forbidden: bot was blocked by the user", null);
        }));
    assertTrue(Outbox.unreachable(blocked));
    assertEquals(1, tries.size());
    assertFalse(Outbox.unreachable(refused(429, "Too Many Requests: retry after 1", 1)));
    assertTrue(Outbox.unreachable(refused(400, "Bad Request: chat not found", null)));
    assertFalse(Outbox.unreachable(refused(400, "Bad Request: message is not modified", null)));
  }

  @Test
  void callsThatAreNotMessages_neverTakeAMessagesSlot() throws Exception {
    // Chat actions and button answers are paced on their own: a burst of them must not hold a picture back
    // (a first cut of this outbox let 100 chat actions double a burst's time).
    List<Thread> actions = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      actions.add(Thread.ofVirtual().start(() -> {
        try {
          outbox.call(() -> "typing");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    Thread.sleep(50);
    long start = System.nanoTime();
    outbox.send(61, false, () -> "photo");
    long waited = System.nanoTime() - start;
    assertTrue(waited < TimeUnit.MILLISECONDS.toNanos(300), "the photo waited " + waited / 1_000_000
        + " ms behind chat actions");
    for (Thread action : actions) {
      action.join();
    }
  }
}

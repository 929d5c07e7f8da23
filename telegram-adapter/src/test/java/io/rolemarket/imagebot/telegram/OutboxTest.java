package io.rolemarket.imagebot.telegram;

import com.github.benmanes.caffeine.cache.Ticker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The two lanes: answers go ahead of queued status messages, within the same limits. */
class OutboxTest {
  private final Outbox outbox = new Outbox(TelegramSettings.of("1:test", TelegramSettings.DEFAULT_API_URL), Ticker.systemTicker());

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
}

package io.rolemarket.imagebot.telegram;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each chat's updates in order, each chat on its own virtual thread, all chats at once: a slow chat
 * never holds up another, and one chat's commands are answered in the order they were sent. A task that
 * throws is logged and the lane goes on. Safe for concurrent use.
 */
final class ChatLanes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChatLanes.class);

  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<Long, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

  /** Queues {@code task} behind the chat's earlier tasks. */
  void submit(long chatId, Runnable task) {
    tails.compute(chatId, (id, tail) -> {
      CompletableFuture<Void> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
      CompletableFuture<Void> next = previous.thenRunAsync(() -> {
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          log.error("handling an update of chat {} failed", chatId, e);
        }
      }, threads);
      next.whenComplete((ignored, error) -> tails.remove(id, next));
      return next;
    });
  }

  /** Waits for every queued task to finish. */
  @Override
  public void close() {
    threads.close();
  }
}

package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusLineTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<String> edits = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void show_sameLineTwice_editsOnce() {
    StatusLine status = new StatusLine(this::edit, Duration.ZERO, timer, System::nanoTime);
    status.show("Queued at position 2");
    status.show("Queued at position 2");
    assertEquals(List.of("Queued at position 2"), edits);
  }

  @Test
  void show_burstWithinTheFirstInterval_editsOnlyTheLastLineOnce() throws Exception {
    StatusLine status = new StatusLine(this::edit, Duration.ofMillis(200), timer, System::nanoTime);
    status.show("Routing");
    status.show("Queued at position 1");
    status.show("Generating with Sketch…");
    assertEquals(List.of(), edits, "a quick answer would replace the reply itself");
    Thread.sleep(400);
    assertEquals(List.of("Generating with Sketch…"), edits);
  }

  @Test
  void show_aLongRequest_editsLessAndLessOften() throws Exception {
    StatusLine status = new StatusLine(this::edit, Duration.ofMillis(20), timer, System::nanoTime);
    long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    for (int position = 10_000; System.nanoTime() < end; position--) {
      status.show("Queued at position " + position);
      Thread.sleep(5);
    }
    status.finish(Duration.ofSeconds(1));
    // at a fixed 20 ms that would be about a hundred edits; doubling gaps make it about seven
    assertTrue(edits.size() >= 4 && edits.size() <= 12, "two seconds of progress in a few edits: " + edits);
  }

  @Test
  void finish_dropsTheLineStillWaiting_andSaysWhetherTheReplyShowsALine() throws Exception {
    StatusLine status = new StatusLine(this::edit, Duration.ZERO, timer, System::nanoTime);
    status.show("Routing");
    StatusLine quick = new StatusLine(this::edit, Duration.ofMillis(100), timer, System::nanoTime);
    quick.show("Generating");
    assertTrue(status.finish(Duration.ofSeconds(1)));
    assertFalse(quick.finish(Duration.ofSeconds(1)), "nothing was shown: the reply is still thinking");
    Thread.sleep(250);
    status.show("Done");
    assertEquals(List.of("Routing"), edits);
  }

  @Test
  void finish_waitsForTheEditInFlight() {
    CompletableFuture<Void> inFlight = new CompletableFuture<>();
    StatusLine status = new StatusLine(line -> {
      edits.add(line);
      return inFlight;
    }, Duration.ZERO, timer, System::nanoTime);
    status.show("Generating");
    timer.schedule(() -> inFlight.complete(null), 300, TimeUnit.MILLISECONDS);
    assertTrue(status.finish(Duration.ofSeconds(5)), "the edit landed before the answer goes out");
    assertTrue(inFlight.isDone());
  }

  @Test
  void finish_anEditThatFailed_leavesTheReplyThinking() {
    StatusLine status = new StatusLine(line -> CompletableFuture.failedFuture(new IllegalStateException("404")),
        Duration.ZERO, timer, System::nanoTime);
    status.show("Generating");
    assertFalse(status.finish(Duration.ofSeconds(1)));
  }

  @Test
  void finish_anEditStuckBehindARateLimit_isCancelledSoItCannotLandLater() {
    CompletableFuture<Void> stuck = new CompletableFuture<>();
    StatusLine status = new StatusLine(line -> stuck, Duration.ZERO, timer, System::nanoTime);
    status.show("Generating");
    assertFalse(status.finish(Duration.ofMillis(100)));
    assertTrue(stuck.isCancelled());
  }

  private CompletableFuture<?> edit(String line) {
    edits.add(line);
    return CompletableFuture.completedFuture(null);
  }
}

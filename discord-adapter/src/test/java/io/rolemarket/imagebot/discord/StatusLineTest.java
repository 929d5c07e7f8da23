package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
    StatusLine status = new StatusLine(edits::add, Duration.ZERO, timer, System::nanoTime);
    status.show("Queued at position 2");
    status.show("Queued at position 2");
    assertEquals(List.of("Queued at position 2"), edits);
  }

  @Test
  void show_burstWithinTheInterval_editsTheFirstAndThenOnlyTheLast() throws Exception {
    StatusLine status = new StatusLine(edits::add, Duration.ofMillis(200), timer, System::nanoTime);
    status.show("Routing");
    status.show("Queued at position 1");
    status.show("Generating with Sketch…");
    assertEquals(List.of("Routing"), edits);
    Thread.sleep(400);
    assertEquals(List.of("Routing", "Generating with Sketch…"), edits);
  }

  @Test
  void close_dropsTheLineStillWaiting() throws Exception {
    StatusLine status = new StatusLine(edits::add, Duration.ofMillis(100), timer, System::nanoTime);
    status.show("Routing");
    status.show("Generating");
    status.close();
    Thread.sleep(250);
    status.show("Done");
    assertEquals(List.of("Routing"), edits);
  }
}

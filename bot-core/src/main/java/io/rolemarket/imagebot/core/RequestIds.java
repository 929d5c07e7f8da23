package io.rolemarket.imagebot.core;

import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The id of the request a thread works for, in the logging context ({@link MDC} key {@value #KEY}), so an operator
 * can follow one request from the adapter that received it through the core and the provider call to its delivery:
 * adapters name the request when it arrives ({@link #as}), and every hand-over to another thread carries the id
 * along ({@link #carry}). Log lines show it as {@code [tg-123]} (or the {@code mdc} field of a JSON line).
 */
public final class RequestIds {
  /** The logging context's key. */
  public static final String KEY = "request";

  private RequestIds() {}

  /** The calling thread's request id, or null when it works for none. */
  public static @Nullable String current() {
    return MDC.get(KEY);
  }

  /** Marks the calling thread, which exists for this one request (such as a per-event virtual thread), as {@code id}'s. */
  public static void setForThisThread(String id) {
    MDC.put(KEY, id);
  }

  /** {@code task}, run as request {@code id} (on whichever thread runs it), leaving the thread as it found it. */
  public static Runnable as(String id, Runnable task) {
    return () -> {
      String before = MDC.get(KEY);
      MDC.put(KEY, id);
      try {
        task.run();
      } finally {
        restore(before);
      }
    };
  }

  /** {@code task}, run as the calling thread's request, if it has one (for handing work to another thread). */
  public static Runnable carry(Runnable task) {
    String id = current();
    return id == null ? task : as(id, task);
  }

  /** {@code task}, run as the calling thread's request, if it has one. */
  public static <T> Callable<T> carry(Callable<T> task) {
    String id = current();
    if (id == null) {
      return task;
    }
    return () -> {
      String before = MDC.get(KEY);
      MDC.put(KEY, id);
      try {
        return task.call();
      } finally {
        restore(before);
      }
    };
  }

  private static void restore(@Nullable String before) {
    if (before == null) {
      MDC.remove(KEY);
    } else {
      MDC.put(KEY, before);
    }
  }
}

package io.rolemarket.imagebot.core.generate;

/**
 * Receives a generation's {@link ProgressEvent}s in order. Called on the generating thread: return
 * quickly and do not throw (a thrown exception is logged and ignored).
 */
@FunctionalInterface
public interface ProgressListener {

  /** Ignores every event. */
  ProgressListener NONE = event -> {};

  /** Receives one event. */
  void on(ProgressEvent event);
}

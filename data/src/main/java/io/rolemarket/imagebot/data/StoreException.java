package io.rolemarket.imagebot.data;

/** The store failed: the database or the blob directory could not be used. Unchecked. */
public final class StoreException extends RuntimeException {
  StoreException(String message) {
    super(message);
  }

  StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

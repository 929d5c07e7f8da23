package io.rolemarket.imagebot.clip;

/**
 * A CLIP model file that cannot be used: missing, unreadable, not ONNX, or not shaped like a CLIP vision model.
 * The message is one sentence that names the file and says what is wrong.
 */
public final class ClipModelException extends RuntimeException {
  ClipModelException(String message, Throwable cause) {
    super(message, cause);
  }

  ClipModelException(String message) {
    super(message);
  }
}

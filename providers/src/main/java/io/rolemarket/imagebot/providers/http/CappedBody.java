package io.rolemarket.imagebot.providers.http;

import java.io.IOException;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/** Reads a response body into memory only while it stays under a limit. Stateless. */
final class CappedBody {
  private CappedBody() {}

  /** The body is larger than the limit; nothing past the limit was read. */
  public static final class TooLarge extends IOException {
    /** Describes the limit and what was seen. */
    TooLarge(String message) {
      super(message);
    }
  }

  /**
   * The whole body, at most {@code maxBytes} long. A declared {@code Content-Length} over the limit is
   * refused before any byte is read; an undeclared length is read until it passes the limit.
   *
   * @throws TooLarge when the body is (or says it is) larger than {@code maxBytes}
   * @throws IOException when reading fails or times out
   */
  public static byte[] read(ResponseBody body, long maxBytes) throws IOException {
    long declared = body.contentLength();
    if (declared > maxBytes) {
      throw new TooLarge("answer declares " + declared + " bytes, over the limit of " + maxBytes);
    }
    BufferedSource source = body.source();
    Buffer buffer = new Buffer();
    while (buffer.size() <= maxBytes) {
      long read = source.read(buffer, Math.min(64 * 1024, maxBytes + 1 - buffer.size()));
      if (read == -1) {
        return buffer.readByteArray();
      }
    }
    throw new TooLarge("answer is over the limit of " + maxBytes + " bytes");
  }
}

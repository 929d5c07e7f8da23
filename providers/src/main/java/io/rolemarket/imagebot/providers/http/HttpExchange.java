package io.rolemarket.imagebot.providers.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP call made honestly once: the answer with its body read under a size cap, or a transient
 * failure for timeouts, broken connections and oversized bodies. HTTP error statuses are answers, not
 * failures: each client maps them. Stateless.
 */
public final class HttpExchange {
  private static final Logger log = LoggerFactory.getLogger(HttpExchange.class);

  private HttpExchange() {}

  /**
   * A status, its headers and the whole body.
   *
   * @param code the HTTP status
   * @param headers the response headers
   * @param body the body, shared and not copied
   */
  public record Answer(int code, Headers headers, byte[] body) {
    /** Checks the fields. */
    public Answer {
      Objects.requireNonNull(headers, "headers");
      Objects.requireNonNull(body, "body");
    }

    /** Whether the status is 2xx. */
    public boolean ok() {
      return code >= 200 && code < 300;
    }

    /** The body as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends a call whose answer does not matter (cancelling a remote job), best effort: a failure is
   * logged, never raised, and works even on an interrupted thread (the interrupt is kept for the caller).
   *
   * @param what what the call does, for the log line, such as {@code cancel prediction abc}
   */
  public static void bestEffort(OkHttpClient client, Request request, String label, String what) {
    boolean interrupted = Thread.interrupted();
    try {
      Answer answer = send(client, request, 64 * 1024, label);
      log.info("{}: {} (HTTP {})", label, what, answer.code());
    } catch (CallFailed | InterruptedException e) {
      log.warn("{}: could not {}: {}", label, what, e.getMessage());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Sends {@code request} on {@code client} and reads the answer.
   *
   * @param label the provider's name for messages, such as {@code Hugging Face}
   * @throws CallFailed (transient) on timeout, connection failure or a body over {@code maxBytes}
   * @throws InterruptedException when the calling thread was interrupted (the router cancelled the call)
   */
  public static Answer send(OkHttpClient client, Request request, long maxBytes, String label)
      throws CallFailed, InterruptedException {
    try (Response response = client.newCall(request).execute()) {
      ResponseBody body = response.body();
      return new Answer(response.code(), response.headers(), CappedBody.read(body, maxBytes));
    } catch (CappedBody.TooLarge e) {
      log.warn("{}: refused an oversized answer from {}: {}", label, request.url().redact(), e.getMessage());
      throw CallFailed.transientFailure(label + " answer too large: " + e.getMessage());
    } catch (InterruptedIOException e) {
      if (Thread.interrupted()) {
        throw new InterruptedException("call to " + label + " cancelled");
      }
      throw CallFailed.transientFailure(label + " timed out (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw CallFailed.transientFailure(label + " unreachable: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
  }

  /** The first {@code max} characters of {@code text} on one line, for logs. */
  public static String excerpt(String text, int max) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= max ? line : line.substring(0, max) + "…";
  }
}

package io.rolemarket.imagebot.discord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;

/**
 * Discord's REST rate limits, refereed for {@link FakeDiscord} the way Discord documents them ("Rate Limits"
 * in its developer docs): every route belongs to a bucket, named by {@code X-RateLimit-Bucket} and counted
 * per major parameter (the channel, or the interaction token); each answer says where its bucket stands
 * ({@code X-RateLimit-Limit}, {@code -Remaining}, {@code -Reset}, {@code -Reset-After}); a request over the
 * limit gets 429 with {@code Retry-After}, {@code X-RateLimit-Scope} and the JSON body
 * {@code {"message", "retry_after", "global"}}. Routes called with the bot token also share the global limit
 * of 50 requests a second; interaction routes (the callback and the webhook routes of an interaction token)
 * are exempt from it, as Discord documents, and have buckets of their own per token.
 *
 * <p>Discord does not publish its bucket sizes (clients must read the headers), so these are assumptions:
 * 5 requests per 2 s per interaction token on the callback route, and 5 per 2 s per token shared by all of
 * its webhook routes (follow-ups, edits and deletions of {@code @original} and of follow-ups), stricter
 * than a bucket per route; 5 per 5 s per channel for posting channel messages and for editing or deleting them; 5 per second per route for every
 * other bot-token route. Windows are fixed: the first request opens one, and it resets {@code window}
 * later. Every answer carries {@code Via: 1.1 google}, since JDA takes a 429 without it for a
 * Cloudflare ban that stops every route. Safe for concurrent use.
 */
final class FakeRateLimits {
  /** Requests a second that all bot-token routes share. */
  static final int GLOBAL_PER_SECOND = 50;

  /** A kind of bucket: its name ({@code X-RateLimit-Bucket}), size and window; interaction buckets skip the global. */
  private record Bucket(String hash, int limit, Duration window, boolean interaction) {}

  /** The routes ({@code "METHOD path"}, group 1 the major parameter) a kind of bucket covers. */
  private record Rule(Pattern route, Bucket bucket) {
    Rule(String route, String hash, int limit, Duration window, boolean interaction) {
      this(Pattern.compile(route), new Bucket(hash, limit, window, interaction));
    }
  }

  private static final List<Rule> RULES = List.of(
      new Rule("POST interactions/\\d+/([^/]+)/callback", "interaction-callback", 5, Duration.ofSeconds(2), true),
      new Rule("[A-Z]+ webhooks/\\d+/([^/]+)(?:/messages/[^/]+)?", "interaction-webhook", 5, Duration.ofSeconds(2),
          true),
      new Rule("POST channels/(\\d+)/messages", "channel-messages", 5, Duration.ofSeconds(5), false),
      new Rule("(?:PATCH|DELETE) channels/(\\d+)/messages/\\d+", "channel-message-edits", 5, Duration.ofSeconds(5),
          false));
  /** Every other route: a bucket per method and path (ids taken out), 5 a second. */
  private static final int OTHER_LIMIT = 5;
  private static final Duration OTHER_WINDOW = Duration.ofSeconds(1);

  /** One bucket's current window. */
  private static final class Window {
    long resetNanos;
    int used;
  }

  private final LongSupplier nanoTime;
  private final LongSupplier epochMillis;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Window> windows = new HashMap<>();
  private final Window global = new Window();
  private final List<String> refused = Collections.synchronizedList(new ArrayList<>());

  FakeRateLimits(LongSupplier nanoTime, LongSupplier epochMillis) {
    this.nanoTime = nanoTime;
    this.epochMillis = epochMillis;
  }

  /** What Discord does with a request: let it through with these headers, or refuse it with this 429. */
  sealed interface Verdict {
    /** Let through; the answer carries these headers. */
    record Allowed(Map<String, String> headers) implements Verdict {
      /** {@code response} with the bucket's headers added. */
      MockResponse stamp(MockResponse response) {
        MockResponse.Builder stamped = response.newBuilder();
        headers.forEach(stamped::setHeader);
        return stamped.build();
      }
    }

    /** Refused with this response (status 429). */
    record Refused(MockResponse response) implements Verdict {}
  }

  /**
   * Counts {@code method route} (the path after the API base) against its bucket and, for bot routes, the global one.
   */
  Verdict admit(String method, String route) {
    String call = method + " " + route;
    Bucket bucket = new Bucket(method + " " + route.replaceAll("\\d{5,}", "{id}"), OTHER_LIMIT, OTHER_WINDOW, false);
    String major = "";
    for (Rule candidate : RULES) {
      Matcher matcher = candidate.route().matcher(call);
      if (matcher.matches()) {
        bucket = candidate.bucket();
        major = matcher.group(1);
        break;
      }
    }
    lock.lock();
    try {
      long now = nanoTime.getAsLong();
      if (!bucket.interaction()) {
        open(global, now, Duration.ofSeconds(1));
        if (global.used >= GLOBAL_PER_SECOND) {
          refused.add(call + " (global)");
          return new Verdict.Refused(tooMany(Map.of("X-RateLimit-Global", "true", "X-RateLimit-Scope", "global"),
              global.resetNanos - now, true));
        }
      }
      Window window = windows.computeIfAbsent(bucket.hash() + ":" + major, key -> new Window());
      open(window, now, bucket.window());
      long resetAfter = window.resetNanos - now;
      Map<String, String> headers = Map.of("X-RateLimit-Limit", Integer.toString(bucket.limit()),
          "X-RateLimit-Remaining", Integer.toString(Math.max(0, bucket.limit() - window.used - 1)),
          "X-RateLimit-Reset", seconds(TimeUnit.MILLISECONDS.toNanos(epochMillis.getAsLong()) + resetAfter),
          "X-RateLimit-Reset-After", seconds(resetAfter), "X-RateLimit-Bucket", bucket.hash(), "Via", "1.1 google");
      if (window.used >= bucket.limit()) {
        refused.add(call + " (bucket " + bucket.hash() + ")");
        Map<String, String> limited = new HashMap<>(headers);
        limited.put("X-RateLimit-Scope", "user");
        return new Verdict.Refused(tooMany(limited, resetAfter, false));
      }
      window.used++;
      if (!bucket.interaction()) {
        global.used++;
      }
      return new Verdict.Allowed(headers);
    } finally {
      lock.unlock();
    }
  }

  /** The calls refused so far, each as {@code "METHOD path (bucket or global)"}. */
  List<String> refused() {
    synchronized (refused) {
      return List.copyOf(refused);
    }
  }

  private static void open(Window window, long now, Duration length) {
    if (now - window.resetNanos >= 0) {
      window.resetNanos = now + length.toNanos();
      window.used = 0;
    }
  }

  private static MockResponse tooMany(Map<String, String> headers, long retryAfterNanos, boolean global) {
    MockResponse.Builder response = new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
        .addHeader("Via", "1.1 google")
        // Whole seconds, rounded up: JDA reads the header as an integer and takes the larger of it and the body's.
        .addHeader("Retry-After", Long.toString(Math.max(1, (retryAfterNanos + 999_999_999) / 1_000_000_000)));
    headers.forEach(response::setHeader);
    return response.body(String.format(Locale.ROOT,
        "{\"message\": \"You are being rate limited.\", \"retry_after\": %s, \"global\": %b}",
        seconds(retryAfterNanos), global)).build();
  }

  /** Seconds with millisecond precision, rounded up so a client that waits this long is never early. */
  private static String seconds(long nanos) {
    long millis = Math.max(0, (nanos + 999_999) / 1_000_000);
    return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
  }
}

package io.rolemarket.imagebot.providers.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * A provider's API on loopback (MockWebServer): plays scripted {@link FakeScenario}s on its generation
 * route and succeeds once the script is used up, checks every call (path, auth header, body fields) and
 * collects what was wrong as {@link #problems()} instead of throwing on the server thread. Subclasses
 * speak one provider's wire format. Safe for concurrent use.
 */
public abstract class FakeProviderServer extends Dispatcher implements AutoCloseable {
  /** The key fakes expect; tests pass it to the client. */
  public static final String KEY = "test-key-5ecret-do-not-print-0123456789";

  private final MockWebServer server = new MockWebServer();
  private final Queue<FakeScenario> script = new ConcurrentLinkedQueue<>();
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final List<RecordedRequest> calls = Collections.synchronizedList(new ArrayList<>());
  private final List<Integer> hookAnswers = Collections.synchronizedList(new ArrayList<>());
  private final OkHttpClient hookClient = new OkHttpClient();
  private final AtomicInteger serving = new AtomicInteger();
  private final AtomicInteger peakServing = new AtomicInteger();
  private final AtomicInteger overCapacity = new AtomicInteger();
  private final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
  private volatile Duration latency = Duration.ZERO;
  private volatile int capacity = Integer.MAX_VALUE;
  private volatile Duration capacityRetryAfter = Duration.ofSeconds(1);

  /** Starts the server on a free loopback port. */
  protected FakeProviderServer() {
    server.setDispatcher(this);
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The server's root URL. */
  public HttpUrl url() {
    return server.url("/");
  }

  /** The next generation calls play these, in order. */
  public FakeProviderServer then(FakeScenario... scenarios) {
    script.addAll(List.of(scenarios));
    return this;
  }

  /**
   * Each generation call that succeeds is answered this long after it arrived, as a real model takes
   * seconds (FLUX.1-dev about 10 s); zero by default.
   */
  public FakeProviderServer latency(Duration latency) {
    this.latency = latency;
    return this;
  }

  /**
   * The provider serves at most {@code calls} generation calls at once (a limit it does not publish): a call
   * above it is answered at once with this provider's 429 asking to retry after {@code retryAfter}.
   */
  public FakeProviderServer capacity(int calls, Duration retryAfter) {
    this.capacity = calls;
    this.capacityRetryAfter = retryAfter;
    return this;
  }

  /** The most generation calls served at once so far (calls refused over capacity not counted). */
  public int peakConcurrent() {
    return peakServing.get();
  }

  /** Generation calls refused with a 429 for being over {@link #capacity}. */
  public int refusedOverCapacity() {
    return overCapacity.get();
  }

  /** When each generation call arrived ({@link System#nanoTime()}), in order. */
  public List<Long> arrivals() {
    synchronized (arrivals) {
      return List.copyOf(arrivals);
    }
  }

  /** Every generation call received, in order. */
  public List<RecordedRequest> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** What was wrong with the calls received (bad path, auth or body, unexpected routes), plus unplayed scripts. */
  public List<String> problems() {
    List<String> all;
    synchronized (problems) {
      all = new ArrayList<>(problems);
    }
    if (!script.isEmpty()) {
      all.add("scenarios never played: " + script);
    }
    return all;
  }

  /** The HTTP codes the bot answered to this fake's webhook calls, in order. */
  public List<Integer> hookAnswers() {
    synchronized (hookAnswers) {
      return List.copyOf(hookAnswers);
    }
  }

  /**
   * The codes of the first {@code count} webhook answers, waiting up to 10 s for them to come (the calls run
   * on their own threads); fewer when they never came.
   *
   * @throws InterruptedException when interrupted while waiting
   */
  public List<Integer> hookAnswers(int count) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (hookAnswers.size() < count && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    return hookAnswers();
  }

  /**
   * Posts {@code body} to the bot's webhook {@code url} on another thread, as the vendor does: again up to
   * {@code retries} times while the answer is not 200.
   */
  protected void callHook(HttpUrl url, String body, Headers headers, int retries) {
    Thread.ofVirtual().start(() -> {
      for (int attempt = 0; attempt <= retries; attempt++) {
        Request call = new Request.Builder().url(url).headers(headers)
            .post(RequestBody.create(body, MediaType.get("application/json"))).build();
        try (Response answer = hookClient.newCall(call).execute()) {
          hookAnswers.add(answer.code());
          if (answer.code() == 200) {
            return;
          }
        } catch (IOException e) {
          hookAnswers.add(-1);
        }
        try {
          Thread.sleep(200L << attempt); // vendors space their retries out
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  /** The width of the images this fake answers with. */
  public int imageWidth() {
    return 96;
  }

  /** The height of the images this fake answers with. */
  public int imageHeight() {
    return 64;
  }

  /** A PNG of the fake's size. */
  protected byte[] png() {
    return TestImages.png(imageWidth(), imageHeight());
  }

  @Override
  public final MockResponse dispatch(RecordedRequest request) {
    try {
      if (isGeneration(request)) {
        arrivals.add(System.nanoTime());
        calls.add(request);
        problems.addAll(check(request));
        FakeScenario next = script.poll();
        if (next != null) {
          return respond(next, request);
        }
        int now = serving.incrementAndGet();
        try {
          if (now > capacity) {
            overCapacity.incrementAndGet();
            return respond(new FakeScenario.RateLimited(capacityRetryAfter), request);
          }
          peakServing.accumulateAndGet(now, Math::max);
          if (latency.isPositive()) {
            Thread.sleep(latency);
          }
          return respond(FakeScenario.SUCCESS, request);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new MockResponse.Builder().code(503).body("shutting down").build();
        } finally {
          serving.decrementAndGet();
        }
      }
      MockResponse other = other(request);
      if (other != null) {
        return other;
      }
      problems.add("unexpected " + request.getMethod() + " " + request.getTarget());
    } catch (RuntimeException e) {
      problems.add("fake crashed on " + request.getTarget() + ": " + e);
    }
    return new MockResponse.Builder().code(404).body("not found").build();
  }

  /** Whether {@code request} is a generation call (it plays the script). */
  protected abstract boolean isGeneration(RecordedRequest request);

  /** What is wrong with a generation call: empty when path, auth and body are right. */
  protected abstract List<String> check(RecordedRequest request);

  /** The answer to a generation call under {@code scenario}, in this provider's format. */
  protected abstract MockResponse respond(FakeScenario scenario, RecordedRequest request);

  /** The answer to any other call (downloads, lookups), or null when it is unexpected. */
  protected @Nullable MockResponse other(RecordedRequest request) {
    return null;
  }

  /** A JSON answer. */
  protected static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  /** The answers every provider gives alike: oversized and slow. Null for any other scenario. */
  protected static @Nullable MockResponse common(FakeScenario scenario, MockResponse success) {
    return switch (scenario) {
      case FakeScenario.Oversized huge -> new MockResponse.Builder().code(200)
          .setHeader("Content-Type", "application/octet-stream").body(new HugeBody(huge.bytes())).build();
      case FakeScenario.SlowBody slow -> success.newBuilder()
          .bodyDelay(slow.delay().toMillis(), TimeUnit.MILLISECONDS).build();
      default -> null;
    };
  }

  /** The request body as text. */
  protected static String text(RecordedRequest request) {
    return request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.close();
  }

  /** Closes the server, failing the test when it saw a wrong call or kept a scenario unplayed: an after-each check. */
  public void closeChecked() {
    try {
      org.junit.jupiter.api.Assertions.assertEquals(List.of(), problems(), "problems seen by the fake");
    } finally {
      close();
    }
  }

  /** A body of zeros written in chunks, never held in memory whole. */
  private record HugeBody(long size) implements MockResponseBody {
    @Override
    public long getContentLength() {
      return size;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      byte[] chunk = new byte[64 * 1024];
      for (long written = 0; written < size; written += chunk.length) {
        sink.write(chunk, 0, (int) Math.min(chunk.length, size - written));
      }
    }
  }
}

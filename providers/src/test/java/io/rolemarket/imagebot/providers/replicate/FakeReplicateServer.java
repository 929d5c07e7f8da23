package io.rolemarket.imagebot.providers.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * Replicate's predictions API on loopback (providers.md section 2.9): {@code POST
 * /v1/models/{owner}/{name}/predictions} checking the bearer token and input, {@code GET
 * /v1/predictions/{id}} playing the job's states, {@code POST .../cancel} recorded, and the outputs
 * served under {@code /files/} (which must be fetched without the token). {@code flux-pro} answers one URL
 * as a string, the others a list.
 */
public final class FakeReplicateServer extends FakeProviderServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Created {@code starting}; polls see {@code states} in order (the last repeats), then outputs when succeeded. */
  public record Plays(List<String> states) implements FakeScenario {}

  /** Created {@code starting}; polls fail with HTTP {@code code} {@code times} times, then succeed. */
  public record PollErrors(int code, int times) implements FakeScenario {}

  /** Created {@code starting}; the first poll says {@code failed} with {@code error}. */
  public record Failed(String error) implements FakeScenario {}

  /** Succeeds with an output URL serving {@code type} text. */
  public record WrongOutputType(String type) implements FakeScenario {}

  /** Succeeds with an output URL serving a body of {@code bytes} bytes. */
  public record OversizedOutput(long bytes) implements FakeScenario {}

  /** Succeeds with an output URL serving WebP (Replicate's default format, when a model ignores {@code png}). */
  public record WebpOutput() implements FakeScenario {}

  /** 404: no such model. */
  public record UnknownModel() implements FakeScenario {}

  /** The account's webhook signing key; {@code GET /v1/webhooks/default/secret} answers it as {@code whsec_...}. */
  public static final byte[] SIGNING_KEY = "fake-replicate-signing-key-0123".getBytes(StandardCharsets.UTF_8);
  private static final AtomicInteger messages = new AtomicInteger();

  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger secretReads = new AtomicInteger();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final List<String> cancelled = Collections.synchronizedList(new ArrayList<>());
  private final List<String> extraProblems = Collections.synchronizedList(new ArrayList<>());

  private record Job(boolean pro, int count, List<Object> polls, @Nullable FakeScenario output) {}

  /** The ids of the predictions cancelled, in order. */
  public List<String> cancelled() {
    synchronized (cancelled) {
      return List.copyOf(cancelled);
    }
  }

  /** How often the signing secret was read. */
  public int secretReads() {
    return secretReads.get();
  }

  @Override
  protected boolean isGeneration(RecordedRequest request) {
    return request.getMethod().equals("POST") && request.getUrl().encodedPath().startsWith("/v1/models/")
        && request.getUrl().encodedPath().endsWith("/predictions");
  }

  @Override
  protected List<String> check(RecordedRequest request) {
    List<String> problems = new ArrayList<>(auth(request));
    JsonNode input = body(request).path("input");
    if (input.path("prompt").asText("").isBlank() || !input.path("aspect_ratio").isTextual()) {
      problems.add("input without prompt or aspect_ratio: " + input);
    }
    if (!input.path("output_format").asText("").equals("png")) {
      problems.add("output_format is not png: " + input);
    }
    if (pro(request) == input.has("num_outputs")) {
      problems.add("num_outputs must be sent to schnell/dev and never to pro: " + input);
    }
    if (request.getHeaders().get("Cancel-After") == null) {
      problems.add("create without Cancel-After");
    }
    JsonNode body = body(request);
    if (body.has("webhook") && !body.path("webhook_events_filter").toString().equals("[\"completed\"]")) {
      problems.add("a webhook without webhook_events_filter [completed]: " + body);
    }
    return problems;
  }

  @Override
  protected MockResponse respond(FakeScenario scenario, RecordedRequest request) {
    String id = "p" + ids.incrementAndGet();
    int count = Math.max(1, body(request).path("input").path("num_outputs").asInt(1));
    boolean pro = pro(request);
    Job done = new Job(pro, count, List.of(), null);
    MockResponse success = prediction(id, "processing", done, 201).newBuilder()
        .setHeader("Preference-Applied", "wait").build();
    MockResponse common = common(scenario, success);
    if (common != null) {
      return common;
    }
    Job job = switch (scenario) {
      case Plays plays -> new Job(pro, count, new ArrayList<>(plays.states()), null);
      case PollErrors errors -> {
        List<Object> polls = new ArrayList<>(Collections.nCopies(errors.times(), (Object) errors.code()));
        polls.add("succeeded");
        yield new Job(pro, count, polls, null);
      }
      case Failed failed -> new Job(pro, count, List.of("failed:" + failed.error()), null);
      case WrongOutputType wrong -> new Job(pro, count, List.of(), wrong);
      case OversizedOutput huge -> new Job(pro, count, List.of(), huge);
      case WebpOutput webp -> new Job(pro, count, List.of(), webp);
      case FakeScenario.Hooked hooked -> new Job(pro, count, new ArrayList<>(hooked.genuine() ? List.of("processing")
          : List.of("processing", "processing", "succeeded")), null);
      default -> null;
    };
    if (job != null) {
      jobs.put(id, job);
      if (scenario instanceof FakeScenario.Hooked hooked) {
        hook(request, id, job, hooked.genuine());
      }
      return job.polls.isEmpty() ? prediction(id, "succeeded", job, 201) : prediction(id, "starting", job, 201);
    }
    return switch (scenario) {
      case FakeScenario.Success ok -> success;
      case FakeScenario.Unauthorized no -> problem(401, "Unauthenticated", "You did not pass a valid authentication token "
          + request.getHeaders().get("Authorization"));
      case FakeScenario.RateLimited limited -> problem(429, "Throttled", "Request was throttled.").newBuilder()
          .setHeader("Retry-After", limited.delay().toSeconds()).build();
      case FakeScenario.ServerError error -> new MockResponse.Builder().code(500).body("<html>oops</html>").build();
      case UnknownModel unknown -> problem(404, "Not found", "The requested resource could not be found.");
      case FakeScenario.Malformed bad -> json(201, "{\"id\":\"" + id + "\",\"status\":\"succeeded\",\"output\":42}");
      default -> throw new IllegalArgumentException("unsupported scenario " + scenario);
    };
  }

  /** Posts the finished prediction to the client's {@code webhook}, signed with the account's key or a wrong one. */
  private void hook(RecordedRequest request, String id, Job job, boolean genuine) {
    HttpUrl webhook = HttpUrl.parse(body(request).path("webhook").asText(""));
    if (webhook == null) {
      problemsSeen("a hooked prediction without a webhook: " + text(request));
      return;
    }
    String body = predictionJson(id, "succeeded", job);
    String messageId = "msg_" + messages.incrementAndGet();
    long timestamp = System.currentTimeMillis() / 1000;
    byte[] key = genuine ? SIGNING_KEY : "someone-else-s-key".getBytes(StandardCharsets.UTF_8);
    callHook(webhook, body, Headers.of("webhook-id", messageId, "webhook-timestamp", Long.toString(timestamp),
        "webhook-signature", "v1," + sign(key, messageId + "." + timestamp + "." + body)), 0);
  }

  private static String sign(byte[] key, String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected @Nullable MockResponse other(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (path.equals("/v1/webhooks/default/secret") && request.getMethod().equals("GET")) {
      auth(request).forEach(this::problemsSeen);
      secretReads.incrementAndGet();
      return json(200, "{\"key\":\"whsec_" + Base64.getEncoder().encodeToString(SIGNING_KEY) + "\"}");
    }
    if (path.startsWith("/files/")) {
      if (request.getHeaders().get("Authorization") != null) {
        problemsSeen("the token was sent with an output download");
      }
      return file(path);
    }
    if (!path.startsWith("/v1/predictions/")) {
      return null;
    }
    auth(request).forEach(this::problemsSeen);
    String rest = path.substring("/v1/predictions/".length());
    if (request.getMethod().equals("POST") && rest.endsWith("/cancel")) {
      String id = rest.substring(0, rest.length() - "/cancel".length());
      cancelled.add(id);
      Job job = jobs.get(id);
      return job == null ? problem(404, "Not found", "no prediction " + id) : prediction(id, "canceled", job, 200);
    }
    Job job = jobs.get(rest);
    if (!request.getMethod().equals("GET")) {
      return null;
    }
    if (job == null) {
      return problem(404, "Not found", "The requested resource could not be found.");
    }
    Object next;
    synchronized (job.polls) {
      next = job.polls.size() > 1 ? job.polls.remove(0) : job.polls.isEmpty() ? "succeeded" : job.polls.get(0);
    }
    if (next instanceof Integer code) {
      return new MockResponse.Builder().code(code).body("<html>" + code + "</html>").build();
    }
    String state = (String) next;
    if (state.startsWith("failed:")) {
      return json(200, "{\"id\":\"" + rest + "\",\"status\":\"failed\",\"output\":null,\"error\":"
          + quote(state.substring("failed:".length())) + "}");
    }
    return prediction(rest, state, job, 200);
  }

  private MockResponse prediction(String id, String status, Job job, int code) {
    return json(code, predictionJson(id, status, job));
  }

  private String predictionJson(String id, String status, Job job) {
    boolean withOutput = status.equals("succeeded") || status.equals("processing") && job.polls.isEmpty();
    String output = "null";
    if (withOutput) {
      String kind = job.output instanceof WrongOutputType ? "html" : job.output instanceof OversizedOutput ? "huge"
          : job.output instanceof WebpOutput ? "webp" : "png";
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < job.count; i++) {
        urls.add(quote(url().resolve("/files/" + id + "-" + i + "." + kind).toString()));
      }
      output = job.pro ? urls.get(0) : urls.toString();
    }
    return "{\"id\":\"" + id + "\",\"model\":\"black-forest-labs/flux\",\"status\":\"" + status
        + "\",\"output\":" + output + ",\"error\":null,\"urls\":{\"get\":\"https://api.replicate.com/v1/predictions/"
        + id + "\"}}";
  }

  private MockResponse file(String path) {
    if (path.endsWith(".html")) {
      return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html").body("<html>gone</html>").build();
    }
    if (path.endsWith(".webp")) {
      return new MockResponse.Builder().code(200).setHeader("Content-Type", "image/webp")
          .body(new okio.Buffer().write(TestImages.fixture("pink-circle-96.webp"))).build();
    }
    if (path.endsWith(".huge")) {
      return common(new FakeScenario.Oversized(200L * 1024 * 1024), json(200, "{}"));
    }
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "image/png").body(new okio.Buffer().write(png()))
        .build();
  }

  private void problemsSeen(String problem) {
    extraProblems.add(problem);
  }

  @Override
  public List<String> problems() {
    List<String> all = new ArrayList<>(super.problems());
    synchronized (extraProblems) {
      all.addAll(extraProblems);
    }
    return all;
  }

  private static List<String> auth(RecordedRequest request) {
    return ("Bearer " + KEY).equals(request.getHeaders().get("Authorization")) ? List.of() : List.of("no bearer token on "
        + request.getTarget());
  }

  private static boolean pro(RecordedRequest request) {
    return request.getUrl().encodedPath().contains("/flux-pro/");
  }

  private static MockResponse problem(int code, String title, String detail) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/problem+json")
        .body("{\"title\":" + quote(title) + ",\"detail\":" + quote(detail) + ",\"status\":" + code + "}").build();
  }

  private static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode body(RecordedRequest request) {
    try {
      return JSON.readTree(text(request));
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}

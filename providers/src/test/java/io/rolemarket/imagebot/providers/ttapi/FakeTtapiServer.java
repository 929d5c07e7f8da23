package io.rolemarket.imagebot.providers.ttapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * TTAPI's Midjourney API on loopback (providers.md section 3.9): {@code POST /midjourney/v1/imagine}
 * checking {@code TT-API-KEY}, prompt and mode; {@code GET /midjourney/v1/fetch?jobId=} playing the job's
 * states; grids served under {@code /cdn/} with its four quarters in four colours (red, green, blue,
 * yellow) so a split can be checked, each quarter the fake's image size.
 */
public final class FakeTtapiServer extends FakeProviderServer {
  /** The quarter colours, in U1..U4 order. */
  public static final List<Color> QUARTERS = List.of(Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW);
  /** The {@code quota} a finished imagine, variation or reroll reports (100 = 1 USD): $0.02. */
  public static final String JOB_QUOTA = "2";
  /** The {@code quota} a finished upscale reports: $0.01. */
  public static final String UPSCALE_QUOTA = "1";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Fetches see {@code states} in order (the last repeats): {@code PENDING_QUEUE}, {@code ON_QUEUE:35}, {@code SUCCESS}. */
  public record Plays(List<String> states) implements FakeScenario {}

  /** Fetches fail with HTTP {@code code} {@code times} times, then SUCCESS. */
  public record FetchErrors(int code, int times) implements FakeScenario {}

  /** The first fetch says FAILED with {@code message}. */
  public record Failed(String message) implements FakeScenario {}

  /** The imagine call itself answers FAILED with {@code message} (HTTP {@code code}). */
  public record Refused(int code, String message) implements FakeScenario {}

  /** The imagine answer names the job {@code data.job_id} (newer docs) instead of {@code data.jobId}. */
  public record SnakeCaseId() implements FakeScenario {}

  /** SUCCESS without any image URL. */
  public record NoImages() implements FakeScenario {}

  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, List<Object>> jobs = new ConcurrentHashMap<>();
  private final List<String> fetches = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> kinds = new ConcurrentHashMap<>();
  private final List<String> actions = Collections.synchronizedList(new ArrayList<>());
  private final List<String> extraProblems = Collections.synchronizedList(new ArrayList<>());

  /** The job ids fetched, one entry a fetch. */
  public List<String> fetches() {
    synchronized (fetches) {
      return List.copyOf(fetches);
    }
  }

  /** The action calls received, as {@code parentJobId:action}. */
  public List<String> actions() {
    synchronized (actions) {
      return List.copyOf(actions);
    }
  }

  @Override
  public List<String> problems() {
    List<String> all = new ArrayList<>(super.problems());
    synchronized (extraProblems) {
      all.addAll(extraProblems);
    }
    return all;
  }

  @Override
  protected boolean isGeneration(RecordedRequest request) {
    return request.getMethod().equals("POST") && request.getUrl().encodedPath().equals("/midjourney/v1/imagine");
  }

  @Override
  protected List<String> check(RecordedRequest request) {
    List<String> problems = new ArrayList<>(auth(request));
    JsonNode body = body(request);
    if (!body.path("prompt").asText("").contains(" --ar ")) {
      problems.add("prompt without --ar: " + body);
    }
    if (!List.of("relax", "fast", "turbo").contains(body.path("mode").asText(""))) {
      problems.add("mode missing or wrong: " + body);
    }
    int timeout = body.path("timeout").asInt(0);
    if (timeout < 300 || timeout > 1200) {
      problems.add("timeout must be 300..1200 s, was " + timeout);
    }
    return problems;
  }

  @Override
  protected MockResponse respond(FakeScenario scenario, RecordedRequest request) {
    if (!auth(request).isEmpty()) {
      return json(401, "{\"status\":\"FAILED\",\"message\":\"Invalid TT-API-KEY\",\"data\":null}");
    }
    String id = "mj-" + ids.incrementAndGet();
    MockResponse accepted = json(200, "{\"status\":\"SUCCESS\",\"message\":\"success\",\"data\":{\"jobId\":\"" + id + "\"}}");
    MockResponse common = common(scenario, accepted);
    if (common != null) {
      return common;
    }
    List<Object> states = switch (scenario) {
      case FakeScenario.Success ok -> List.of("SUCCESS");
      case Plays plays -> new ArrayList<Object>(plays.states());
      case FetchErrors errors -> {
        List<Object> polls = new ArrayList<>(Collections.nCopies(errors.times(), (Object) errors.code()));
        polls.add("SUCCESS");
        yield polls;
      }
      case Failed failed -> List.of("FAILED:" + failed.message());
      case SnakeCaseId snake -> List.of("SUCCESS");
      case NoImages none -> List.of("NO_IMAGES");
      case FakeScenario.Hooked hooked -> hooked.genuine() ? List.of("ON_QUEUE:50")
          : List.of("ON_QUEUE:50", "ON_QUEUE:60", "SUCCESS");
      default -> null;
    };
    if (states != null) {
      jobs.put(id, new ArrayList<>(states));
      if (scenario instanceof FakeScenario.Hooked hooked) {
        hook(request, id, hooked.genuine());
      }
      return scenario instanceof SnakeCaseId
          ? json(200, "{\"status\":\"SUCCESS\",\"message\":\"success\",\"data\":{\"job_id\":\"" + id + "\"}}")
          : accepted;
    }
    return switch (scenario) {
      case FakeScenario.Unauthorized no -> json(401, "{\"status\":\"FAILED\",\"message\":\"Invalid key "
          + request.getHeaders().get("TT-API-KEY") + "\",\"data\":null}");
      case FakeScenario.RateLimited limited -> json(429, "{\"status\":\"FAILED\",\"message\":\"Too many requests\"}")
          .newBuilder().setHeader("Retry-After", limited.delay().toSeconds()).build();
      case FakeScenario.ServerError error -> json(500, "{\"status\":\"FAILED\",\"message\":\"internal error\"}");
      case FakeScenario.Malformed bad -> new MockResponse.Builder().code(200).body("<html>maintenance</html>").build();
      case Refused refused -> json(refused.code(), "{\"status\":\"FAILED\",\"message\":" + quote(refused.message())
          + ",\"data\":null}");
      default -> throw new IllegalArgumentException("unsupported scenario " + scenario);
    };
  }

  @Override
  protected @Nullable MockResponse other(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (path.startsWith("/cdn/")) {
      if (request.getHeaders().get("TT-API-KEY") != null) {
        extraProblems.add("the key was sent with an image download");
      }
      byte[] picture = path.endsWith("-upscaled.png")
          ? TestImages.png(imageWidth() * 2, imageHeight() * 2) : grid();
      return new MockResponse.Builder().code(200).setHeader("Content-Type", "image/png")
          .body(new okio.Buffer().write(picture)).build();
    }
    if (path.equals("/midjourney/v1/action") && request.getMethod().equals("POST")) {
      return action(request);
    }
    if (!path.equals("/midjourney/v1/fetch") || !request.getMethod().equals("GET")) {
      return null;
    }
    extraProblems.addAll(auth(request));
    String id = request.getUrl().queryParameter("jobId");
    fetches.add(String.valueOf(id));
    List<Object> states = id == null ? null : jobs.get(id);
    if (states == null) {
      return json(404, "{\"status\":\"FAILED\",\"message\":\"job not found\",\"data\":null}");
    }
    Object next;
    synchronized (states) {
      next = states.size() > 1 ? states.remove(0) : states.get(0);
    }
    if (next instanceof Integer code) {
      return json(code, "{\"status\":\"FAILED\",\"message\":\"scripted " + code + "\"}").newBuilder()
          .setHeader("Retry-After", 1).build();
    }
    return json(200, fetchJson(id, (String) next));
  }

  /** The fetch (and webhook) JSON of job {@code id} in {@code state}. */
  private String fetchJson(String id, String state) {
    if (state.startsWith("FAILED:")) {
      return "{\"status\":\"FAILED\",\"message\":" + quote(state.substring(7)) + ",\"jobId\":\"" + id
          + "\",\"data\":null}";
    }
    String progress = state.contains(":") ? state.substring(state.indexOf(':') + 1) : "0";
    String status = state.contains(":") ? state.substring(0, state.indexOf(':')) : state;
    String images = "";
    if (status.equals("SUCCESS")) {
      String kind = kinds.getOrDefault(id, "imagine");
      String file = kind.startsWith("upsample") ? "-upscaled.png" : "-grid.png";
      images = ",\"cdnImage\":\"" + url().resolve("/cdn/" + id + file) + "\",\"components\":[\"upsample1\","
          + "\"upsample2\",\"upsample3\",\"upsample4\",\"reroll\",\"variation1\"],\"quota\":\""
          + (kind.startsWith("upsample") ? UPSCALE_QUOTA : JOB_QUOTA) + "\"";
      progress = "100";
    }
    if (status.equals("NO_IMAGES")) {
      status = "SUCCESS";
    }
    String quotedProgress = progress.startsWith("#") ? progress.substring(1) : "\"" + progress + "\"";
    return "{\"status\":\"" + status + "\",\"message\":\"\",\"jobId\":\"" + id + "\",\"data\":{\"action\":"
        + "\"" + kinds.getOrDefault(id, "imagine") + "\",\"jobId\":\"" + id + "\",\"progress\":" + quotedProgress + images + "}}";
  }

  /** Posts the finished job to the client's {@code hookUrl}, or a forged call to a guessed path. */
  private void hook(RecordedRequest request, String id, boolean genuine) {
    HttpUrl hookUrl = HttpUrl.parse(body(request).path("hookUrl").asText(""));
    if (hookUrl == null) {
      extraProblems.add("a hooked job without a hookUrl: " + text(request));
      return;
    }
    HttpUrl target = genuine ? hookUrl
        : hookUrl.newBuilder().setPathSegment(hookUrl.pathSize() - 1, "guessed-token").build();
    callHook(target, fetchJson(id, "SUCCESS"), Headers.of(), 3);
  }

  private MockResponse action(RecordedRequest request) {
    extraProblems.addAll(auth(request));
    JsonNode body = body(request);
    String parent = body.path("jobId").asText("");
    String action = body.path("action").asText("");
    actions.add(parent + ":" + action);
    if (!jobs.containsKey(parent)) {
      return json(400, "{\"status\":\"FAILED\",\"message\":\"[Invalid parameter] unknown jobId\",\"data\":null}");
    }
    if (!action.matches("upsample[1-4]|variation[1-4]|reroll")) {
      return json(400, "{\"status\":\"FAILED\",\"message\":\"[Invalid parameter] action\",\"data\":null}");
    }
    String id = "mj-" + ids.incrementAndGet();
    jobs.put(id, new ArrayList<>(List.of("ON_QUEUE:50", "SUCCESS")));
    kinds.put(id, action);
    return json(200, "{\"status\":\"SUCCESS\",\"message\":\"success\",\"data\":{\"jobId\":\"" + id + "\"}}");
  }

  private byte[] grid() {
    int width = imageWidth();
    int height = imageHeight();
    BufferedImage grid = new BufferedImage(width * 2, height * 2, BufferedImage.TYPE_INT_RGB);
    var graphics = grid.createGraphics();
    for (int i = 0; i < 4; i++) {
      graphics.setColor(QUARTERS.get(i));
      graphics.fillRect(i % 2 * width, i / 2 * height, width, height);
    }
    graphics.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(grid, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static List<String> auth(RecordedRequest request) {
    return KEY.equals(request.getHeaders().get("TT-API-KEY")) ? List.of() : List.of("no TT-API-KEY on "
        + request.getTarget());
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

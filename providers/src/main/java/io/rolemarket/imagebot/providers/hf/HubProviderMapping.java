package io.rolemarket.imagebot.providers.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.providers.http.CallFailed;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.HttpExchange;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Inference Provider serves each model for its task, as the Hub says ({@code HF_PROVIDER=auto}) or as
 * configured.
 *
 * <p>With {@code auto} the model's {@code inferenceProviderMapping} is read from the Hub and its entries for the task
 * ({@code text-to-image}, or {@code image-to-image} for the Kontext editor) cached for an hour: {@code hf-inference}
 * when it is live, else the first live provider this client speaks for the task ({@code fal-ai}, {@code replicate},
 * and for text-to-image {@code together}, {@code nscale}), else {@code hf-inference}. When
 * the lookup fails the answer is {@code hf-inference}, remembered for a minute only. With a named provider
 * the Hub is asked only for that provider's name for the model. One instance is shared by every
 * {@link HuggingFaceProvider}. Safe for concurrent use; two threads may look the same model up at once.
 */
public final class HubProviderMapping {
  /** The {@code HF_PROVIDER} value that asks the Hub. */
  public static final String AUTO = "auto";
  /** The providers whose wire format this client speaks, in the order preferred after hf-inference. */
  static final Set<String> SPOKEN = Set.of(HfRoute.HF_INFERENCE, "fal-ai", "replicate", "together", "nscale");
  private static final List<String> PREFERENCE = List.of(HfRoute.HF_INFERENCE, "fal-ai", "replicate", "together", "nscale");
  /** The providers whose image-to-image wire format this client speaks ({@link HfWire}). */
  static final Set<String> SPOKEN_IMAGE_TO_IMAGE = Set.of(HfRoute.HF_INFERENCE, "fal-ai", "replicate");
  private static final Logger log = LoggerFactory.getLogger(HubProviderMapping.class);
  private static final Duration KEEP = Duration.ofHours(1);
  private static final Duration KEEP_FALLBACK = Duration.ofMinutes(1);

  private final OkHttpClient http;
  private final ObjectMapper json;
  private final Endpoint hub;
  private final String provider;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  /** One lookup per model at a time: a burst on a cold or expired entry asks the Hub once, not once a caller. */
  private final Map<String, ReentrantLock> lookups = new ConcurrentHashMap<>();

  private record Cached(HfRoute route, Instant until) {}

  /**
   * A mapping that asks the Hub at {@code hub} (its key is the HF token).
   *
   * @param http the shared client; the hub endpoint's timeout is applied to a derived client
   * @param provider {@code auto} or a provider name such as {@code fal-ai} ({@code HF_PROVIDER})
   * @throws IllegalArgumentException when {@code provider} is not one this client speaks
   */
  public HubProviderMapping(OkHttpClient http, ObjectMapper json, Endpoint hub, String provider, Clock clock) {
    this.provider = choice(provider);
    this.http = hub.client(http);
    this.json = Objects.requireNonNull(json, "json");
    this.hub = hub;
    this.clock = clock;
  }

  /**
   * {@code provider} ({@code HF_PROVIDER}) as this client uses it: {@code auto} or a provider it speaks, in
   * lower case.
   *
   * @throws IllegalArgumentException when it is neither
   */
  public static String choice(String provider) {
    String chosen = provider.strip().toLowerCase(java.util.Locale.ROOT);
    if (!chosen.equals(AUTO) && !SPOKEN.contains(chosen)) {
      throw new IllegalArgumentException("HF_PROVIDER must be auto or one of " + PREFERENCE + ", was '" + provider + "'");
    }
    return chosen;
  }

  /** Where text-to-image calls for {@code model} go now; never fails (falls back to {@code hf-inference}). */
  HfRoute route(String model) throws InterruptedException {
    return route(model, HfModel.Task.TEXT_TO_IMAGE);
  }

  /** Where calls for {@code model} doing {@code task} go now; never fails (falls back to {@code hf-inference}). */
  HfRoute route(String model, HfModel.Task task) throws InterruptedException {
    String key = key(model, task);
    Cached cached = cache.get(key);
    if (cached != null && clock.instant().isBefore(cached.until())) {
      return cached.route();
    }
    ReentrantLock lookup = lookups.computeIfAbsent(key, ignored -> new ReentrantLock());
    lookup.lockInterruptibly();
    try {
      Cached meanwhile = cache.get(key);
      if (meanwhile != null && clock.instant().isBefore(meanwhile.until())) {
        return meanwhile.route();
      }
      return lookUpRoute(model, task);
    } finally {
      lookup.unlock();
    }
  }

  private static String key(String model, HfModel.Task task) {
    return task.hubName() + " " + model;
  }

  private HfRoute lookUpRoute(String model, HfModel.Task task) throws InterruptedException {
    String key = key(model, task);
    if (provider.equals(HfRoute.HF_INFERENCE)) {
      return remember(key, HfRoute.hfInference(model), KEEP);
    }
    List<HfRoute> live;
    try {
      live = lookUp(model, task);
    } catch (CallFailed e) {
      log.warn("Hugging Face Hub: provider mapping for {} unavailable ({}); using hf-inference", model, e.getMessage());
      return remember(key, HfRoute.hfInference(model), KEEP_FALLBACK);
    }
    HfRoute chosen = choose(model, task, live);
    log.info("Hugging Face: {} ({}) is served by {} ({})", model, task.hubName(), chosen.provider(),
        chosen.providerId());
    return remember(key, chosen, KEEP);
  }

  /** Forgets what is known about {@code model}'s text-to-image route, so the next call asks the Hub again. */
  void forget(String model) {
    forget(model, HfModel.Task.TEXT_TO_IMAGE);
  }

  /** Forgets what is known about {@code model} doing {@code task}, so the next call asks the Hub again. */
  void forget(String model, HfModel.Task task) {
    cache.remove(key(model, task));
  }

  private HfRoute remember(String key, HfRoute route, Duration keep) {
    cache.put(key, new Cached(route, clock.instant().plus(keep)));
    return route;
  }

  private HfRoute choose(String model, HfModel.Task task, List<HfRoute> live) {
    if (!provider.equals(AUTO)) {
      return live.stream().filter(route -> route.provider().equals(provider)).findFirst()
          .orElse(new HfRoute(provider, model));
    }
    for (String preferred : PREFERENCE) {
      if (task == HfModel.Task.IMAGE_TO_IMAGE && !SPOKEN_IMAGE_TO_IMAGE.contains(preferred)) {
        continue;
      }
      for (HfRoute route : live) {
        if (route.provider().equals(preferred)) {
          return route;
        }
      }
    }
    log.warn("Hugging Face Hub: no live provider this client speaks serves {}; trying hf-inference", model);
    return HfRoute.hfInference(model);
  }

  /** The live providers of {@code model} for {@code task}, in the Hub's order. */
  private List<HfRoute> lookUp(String model, HfModel.Task task) throws CallFailed, InterruptedException {
    Request.Builder request = new Request.Builder()
        .url(hub.resolve("api/models/" + model).newBuilder()
            .addQueryParameter("expand[]", "inferenceProviderMapping").build());
    if (!hub.key().isEmpty()) {
      request.header("Authorization", "Bearer " + hub.key());
    }
    HttpExchange.Answer answer = HttpExchange.send(http, request.build(), hub.maxBodyBytes(), "Hugging Face Hub");
    if (!answer.ok()) {
      throw CallFailed.transientFailure("HTTP " + answer.code());
    }
    JsonNode mapping;
    try {
      mapping = json.readTree(answer.body()).path("inferenceProviderMapping");
    } catch (IOException e) {
      throw CallFailed.transientFailure("answer is not JSON");
    }
    List<HfRoute> live = new ArrayList<>();
    if (mapping.isObject()) {
      for (Map.Entry<String, JsonNode> entry : mapping.properties()) {
        add(live, entry.getKey(), entry.getValue(), task);
      }
    } else if (mapping.isArray()) {
      for (JsonNode entry : mapping) {
        add(live, entry.path("provider").asText(""), entry, task);
      }
    }
    return live;
  }

  private static void add(List<HfRoute> live, String name, JsonNode entry, HfModel.Task task) {
    boolean isLive = entry.path("status").asText("live").equals("live");
    boolean forTask = entry.path("task").asText("text-to-image").equals(task.hubName());
    String providerId = entry.path("providerId").asText("");
    if (isLive && forTask && !name.isEmpty() && !providerId.isEmpty()) {
      live.add(new HfRoute(name, providerId));
    }
  }
}

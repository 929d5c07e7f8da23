package io.rolemarket.imagebot.app;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The YAML file named by {@code IMAGEBOT_CONFIG}, bound as written: every section may be left out, but a key
 * that is not listed here or a value of the wrong type fails at start with a message naming the key's path
 * ({@code quota.user.daily: expected a whole number, got "ten"}). Values are only typed here; ranges and
 * the environment's precedence are {@link AppConfig}'s. A missing section is an empty one; a missing value
 * is null. Immutable.
 *
 * @param catalog characters and themes over the built-in catalog, in {@code catalog.yaml}'s shape, or null
 */
record ConfigFile(
    @Nullable CatalogSection catalog,
    Quota quota,
    Budget budget,
    @Nullable String region,
    Cache cache,
    Buttons buttons,
    @Nullable Map<String, ProviderConcurrency> concurrency,
    Midjourney midjourney,
    Deadlines deadlines,
    HuggingFace huggingface,
    Review review,
    OpenAi openai,
    Replicate replicate,
    RunPod runpod,
    Consistency consistency) {

  /** No file: every section empty. */
  static final ConfigFile EMPTY = new ConfigFile(null, null, null, null, null, null, null, null, null, null, null,
      null, null, null, null);

  private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
          JsonInclude.Include.NON_NULL))
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .build();

  /** Puts an empty section where the file has none. */
  ConfigFile {
    quota = quota == null ? new Quota(null, null, null) : quota;
    budget = budget == null ? new Budget(null, null) : budget;
    cache = cache == null ? new Cache(null, null) : cache;
    buttons = buttons == null ? new Buttons(null) : buttons;
    concurrency = concurrency == null ? Map.of() : Map.copyOf(concurrency);
    midjourney = midjourney == null ? new Midjourney(null) : midjourney;
    deadlines = deadlines == null ? new Deadlines(null, null, null) : deadlines;
    huggingface = huggingface == null ? new HuggingFace(null) : huggingface;
    review = review == null ? new Review(null, null, null, null, null, null) : review;
    openai = openai == null ? new OpenAi(null, null, null) : openai;
    replicate = replicate == null ? new Replicate(null) : replicate;
    runpod = runpod == null ? new RunPod(null) : runpod;
    consistency = consistency == null ? new Consistency(null, null) : consistency;
  }

  /** {@code catalog:} in the shape of the built-in {@code catalog.yaml}. */
  record CatalogSection(@Nullable String style, @Nullable String negative,
      @Nullable Map<String, CharacterEntry> characters, @Nullable Map<String, ThemeEntry> themes) {}

  /** {@code catalog.characters.<id>:}; {@code references} are more reference pictures after {@code reference}. */
  record CharacterEntry(@Nullable String name, @Nullable List<String> aliases, @Nullable String description,
      @Nullable CharacterSketch sketch, @Nullable String reference, @Nullable List<String> references,
      @Nullable String referenceUrl, @Nullable Double threshold) {}

  /** How the offline Sketch provider draws a character. */
  record CharacterSketch(@Nullable String species, @Nullable String color) {}

  /** {@code catalog.themes.<id>:}. */
  record ThemeEntry(@Nullable String name, @Nullable List<String> aliases, @Nullable String description,
      @Nullable ThemeSketch sketch) {}

  /** How the offline Sketch provider draws a theme. */
  record ThemeSketch(@Nullable List<String> palette, @Nullable List<String> props) {}

  /** {@code quota:} the users' daily limit ({@code daily}) and each limited role's. */
  record Quota(@Nullable Integer daily, Limits user, Limits pro) {
    /** Puts empty limits where the file has none. */
    Quota {
      user = user == null ? new Limits(null, null) : user;
      pro = pro == null ? new Limits(null, null) : pro;
    }
  }

  /** {@code quota.user:} or {@code quota.pro:}. */
  record Limits(@Nullable Integer daily, @Nullable Integer monthly) {}

  /**
   * {@code budget:} the team's monthly spending limit, and the most one user of a role may spend a month
   * ({@code per_user_monthly_usd: {pro: 5, user: 1}}).
   */
  record Budget(@Nullable BigDecimal monthlyUsd, @Nullable Map<String, BigDecimal> perUserMonthlyUsd) {}

  /** {@code cache:} the in-memory image cache. */
  record Cache(@Nullable Long maxMb, @Nullable Long expireHours) {}

  /** {@code concurrency.<provider>:} the floor and ceiling of its learned calls at once. */
  record ProviderConcurrency(@Nullable Long min, @Nullable Long max) {}

  /** {@code buttons:} how long the buttons under a result work. */
  record Buttons(@Nullable Long lifetimeDays) {}

  /** {@code midjourney:} the {@code --cw} sent with a character's reference. */
  record Midjourney(@Nullable Integer crefWeight) {}

  /**
   * {@code deadlines:} the request deadlines and, under any other key, one provider's.
   *
   * @param providers the provider's id to its deadlines
   */
  record Deadlines(@Nullable Long requestSeconds, @Nullable Long jobRequestSeconds,
      @JsonAnySetter @Nullable Map<String, ProviderDeadlines> providers) {
    /** Copies the providers' map. */
    Deadlines {
      providers = providers == null ? Map.of() : Map.copyOf(providers);
    }
  }

  /** {@code deadlines.<provider>:}. */
  record ProviderDeadlines(@Nullable Long silenceSeconds, @Nullable Long totalSeconds) {}

  /** {@code huggingface:} models offered after FLUX.1-dev, SDXL and FLUX.1 Kontext dev. */
  record HuggingFace(@Nullable List<HfModelEntry> models) {
    /** Copies the list. */
    HuggingFace {
      models = models == null ? List.of() : List.copyOf(models);
    }
  }

  /** One of {@code huggingface.models}; {@code task} is {@code text-to-image} (default) or {@code image-to-image}. */
  record HfModelEntry(@Nullable String id, @Nullable String name, @Nullable String model, @Nullable BigDecimal costUsd,
      @Nullable Long seconds, @Nullable Integer steps, @Nullable Double guidance, @Nullable String task) {}

  /** {@code openai:} what the GPT image model's tokens cost, in US dollars per million. */
  record OpenAi(@Nullable BigDecimal textInputPerMillionUsd, @Nullable BigDecimal imageInputPerMillionUsd,
      @Nullable BigDecimal imageOutputPerMillionUsd) {}

  /** {@code replicate:} how Replicate bills each model, by {@code owner/name} (or a FLUX model's short name). */
  record Replicate(@Nullable Map<String, ReplicatePriceEntry> models) {
    /** Copies the map, keeping the file's order. */
    Replicate {
      models = models == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(models));
    }
  }

  /** {@code replicate.models.<owner/name>:} one of a price per output image or per second of predict time. */
  record ReplicatePriceEntry(@Nullable BigDecimal perImageUsd, @Nullable BigDecimal perSecondUsd) {}

  /** {@code runpod:} what the endpoint's workers cost a second. */
  record RunPod(@Nullable BigDecimal perSecondUsd) {}

  /**
   * {@code consistency:} what the consistency gate does with a picture below its character's threshold
   * ({@code redraws}) and who sees the score in captions ({@code show_score}: always, reviewers or never).
   */
  record Consistency(@Nullable Integer redraws, @Nullable String showScore) {}

  /** {@code review:} who reviews and when votes decide. */
  record Review(@Nullable List<String> reviewers, @Nullable List<String> leads, @Nullable Integer approvals,
      @Nullable Integer rejections, @Nullable Integer changes, @Nullable Boolean leadVeto) {}

  /** The {@code catalog:} section as the tree {@code Catalog.fromYaml} reads, or null when there is none. */
  @Nullable JsonNode catalogTree() {
    return catalog == null ? null : YAML.valueToTree(catalog);
  }

  /**
   * The file at {@code path} (named by the setting {@code setting}), bound.
   *
   * @throws ConfigException when the file cannot be read, is not YAML, or has an unknown key or a value of the
   *     wrong type; the message names the key's path
   */
  static ConfigFile read(Path path, String setting) {
    if (!Files.isRegularFile(path)) {
      throw new ConfigException(setting + ": no such file, " + path.getFileName());
    }
    JsonNode tree;
    try {
      tree = YAML.readTree(path.toFile());
    } catch (JacksonException e) {
      throw new ConfigException(setting + ": " + path.getFileName() + " is not valid YAML: "
          + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new ConfigException(setting + ": cannot read " + path.getFileName() + ": " + e.getMessage());
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      return EMPTY;
    }
    if (!tree.isObject()) {
      throw ConfigException.expected(setting, "a YAML file of sections such as quota: and review:",
          describe(tree));
    }
    try {
      return YAML.treeToValue(tree, ConfigFile.class);
    } catch (JacksonException e) {
      throw bindingError(tree, e);
    }
  }

  /** What went wrong binding {@code tree}, naming the key's path. */
  private static ConfigException bindingError(JsonNode tree, JacksonException e) {
    List<JsonMappingException.Reference> references = e instanceof JsonMappingException mapping
        ? mapping.getPath() : List.of();
    StringBuilder path = new StringBuilder();
    JsonNode node = tree;
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
        node = node.path(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
        node = node.path(reference.getIndex());
      }
    }
    String where = path.isEmpty() ? "IMAGEBOT_CONFIG" : path.toString();
    if (e instanceof UnrecognizedPropertyException unknown) {
      return new ConfigException(where + ": unknown key; known here: "
          + String.join(", ", new TreeSet<>(unknown.getKnownPropertyIds().stream().map(String::valueOf).toList())));
    }
    if (e.getCause() instanceof InputCoercionException overflow) {
      return ConfigException.expected(where, expectation(overflow.getTargetType()) + " that fits", describe(node));
    }
    Class<?> type = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
    return ConfigException.expected(where, expectation(type), describe(node));
  }

  /** What a value of {@code type} looks like, in words. */
  private static String expectation(@Nullable Class<?> type) {
    if (type == null) {
      return "a value of another type";
    }
    if (type == Integer.class || type == Long.class || type == int.class || type == long.class
        || type == BigInteger.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a text";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "a section of keys";
  }

  /** {@code node} as the message shows it: a scalar's text in quotes (shortened), else its kind. */
  private static String describe(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return "nothing";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a section";
    }
    return SettingReader.quoted(node.asText());
  }
}

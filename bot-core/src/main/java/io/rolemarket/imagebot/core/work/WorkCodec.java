package io.rolemarket.imagebot.core.work;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.catalog.ProviderHints;
import io.rolemarket.imagebot.core.catalog.ThemeDef;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.generate.ProgressEvent;
import io.rolemarket.imagebot.core.generate.Reason;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.score.Score;
import io.rolemarket.imagebot.core.store.ImageStore;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes a generation's outcome and its progress events as JSON for another process, and reads them back: the
 * worker that ran a request encodes, the edge that waits for it decodes. Pictures travel as their stored blobs'
 * hashes (every process shares the blobs), characters and themes as catalog ids; refusals, failures, scores and
 * events as the core's own records. Stateless and safe for concurrent use.
 */
public final class WorkCodec {
  /** The sealed types whose records are written with their class, so they read back as the same record. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@type")
  private interface Typed {}

  /** An outcome on the wire: pictures made, or the reason there are none. */
  private record Wire(@Nullable Made made, @Nullable Reason reason) {}

  /** A {@link GenerationResult} without the picture bytes (read back from the blobs) and the catalog's entries. */
  private record Made(long historyId, String character, String theme, String prompt, List<StoredImage> stored,
      List<@Nullable Long> seeds, String providerId, String providerName, String model, BigDecimal costUsd,
      Duration elapsed, boolean fromCache, int missing, String remoteJobId, CostSource costSource, List<Score> scores,
      boolean scoreShown) {}

  private final ObjectMapper json = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .addMixIn(Reason.class, Typed.class)
      .addMixIn(ProviderFailure.class, Typed.class)
      .addMixIn(Score.class, Typed.class)
      .addMixIn(ProgressEvent.class, Typed.class)
      .polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
          .allowIfSubType("io.rolemarket.imagebot.core.").build())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .build();
  private final Catalog catalog;
  private final ImageStore images;

  /** A codec that reads pictures back from {@code images} and characters and themes from {@code catalog}. */
  public WorkCodec(Catalog catalog, ImageStore images) {
    this.catalog = catalog;
    this.images = images;
  }

  /** {@code outcome} as JSON. */
  public String encode(GenerateOutcome outcome) {
    Wire wire = switch (outcome) {
      case GenerateOutcome.Generated generated -> new Wire(made(generated.result()), null);
      case GenerateOutcome.Refused refused -> new Wire(null, refused.reason());
      case GenerateOutcome.Failed failed -> new Wire(null, failed.reason());
    };
    return write(wire);
  }

  /**
   * The outcome {@link #encode} wrote.
   *
   * @throws IllegalArgumentException when the text is not one, or a picture it names is not stored
   */
  public GenerateOutcome decodeOutcome(String text) {
    Wire wire = read(text, Wire.class);
    if (wire.made() != null) {
      return new GenerateOutcome.Generated(result(wire.made()));
    }
    if (wire.reason() == null) {
      throw new IllegalArgumentException("an outcome with neither pictures nor a reason");
    }
    return GenerateOutcome.of(wire.reason());
  }

  /** {@code event} as JSON. */
  public String encode(ProgressEvent event) {
    return write(new Event(event));
  }

  /**
   * The event {@link #encode(ProgressEvent)} wrote.
   *
   * @throws IllegalArgumentException when the text is not one
   */
  public ProgressEvent decodeEvent(String text) {
    return read(text, Event.class).event();
  }

  /** An event on the wire (wrapped, so its type is written as a property of the record it is in). */
  private record Event(ProgressEvent event) {}

  private static Made made(GenerationResult result) {
    List<@Nullable Long> seeds = new ArrayList<>();
    result.images().forEach(image -> seeds.add(image.seed()));
    return new Made(result.historyId(), result.character().id(), result.theme().id(), result.prompt(), result.stored(),
        seeds, result.providerId(), result.providerName(), result.model(), result.costUsd(), result.elapsed(),
        result.fromCache(), result.missing(), result.remoteJobId(), result.costSource(), result.scores(),
        result.scoreShown());
  }

  private GenerationResult result(Made made) {
    List<GeneratedImage> pictures = new ArrayList<>();
    for (int i = 0; i < made.stored().size(); i++) {
      StoredImage stored = made.stored().get(i);
      byte[] bytes = images.read(stored.sha256()).orElseThrow(() -> new IllegalArgumentException(
          "picture " + stored.sha256() + " is not stored here: do all processes share the blob directory?"));
      pictures.add(new GeneratedImage(bytes, stored.format(), stored.width(), stored.height(),
          i < made.seeds().size() ? made.seeds().get(i) : null));
    }
    CharacterDef character = catalog.character(made.character()).orElseGet(() -> new CharacterDef(made.character(),
        made.character(), List.of(), made.character(), ProviderHints.NONE, null, null));
    ThemeDef theme = catalog.theme(made.theme()).orElseGet(() -> new ThemeDef(made.theme(), made.theme(), List.of(),
        made.theme(), ProviderHints.NONE));
    return new GenerationResult(made.historyId(), character, theme, made.prompt(), pictures, made.stored(),
        made.providerId(), made.providerName(), made.model(), made.costUsd(), made.elapsed(), made.fromCache(),
        made.missing(), made.remoteJobId(), made.costSource(), made.scores(), made.scoreShown());
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  private <T> T read(String text, Class<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }
}

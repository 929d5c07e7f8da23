package io.rolemarket.imagebot.core.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.ReviewStore.Decision;
import io.rolemarket.imagebot.core.store.ReviewStore.Vote;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A decided design's JSON sidecar: what the folder hand-off writes next to the pictures and the web library offers
 * for download, the same bytes from both. Stateless.
 */
public final class DesignSidecar {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DesignSidecar() {}

  /** The file names of the design's stored pictures: {@code <id>.png}, or {@code <id>-1.png}, {@code <id>-2.png}, … */
  public static List<String> fileNames(Design design) {
    return fileNames(design.id(), design.entry().images().stream().map(StoredImage::format).toList());
  }

  /** The file names of design {@code id}'s pictures in these formats, as {@link #fileNames(Design)} names them. */
  public static List<String> fileNames(long id, List<ImageFormat> formats) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < formats.size(); i++) {
      names.add(id + (formats.size() > 1 ? "-" + (i + 1) : "") + "." + formats.get(i).extension());
    }
    return List.copyOf(names);
  }

  /** {@link #json(Design, Catalog, List)} naming the stored pictures' files by {@link #fileNames(Design)}. */
  public static byte[] json(Design design, Catalog catalog) {
    return json(design, catalog, fileNames(design));
  }

  /**
   * The sidecar of {@code design}, indented JSON in UTF-8: its names in every language of {@code catalog}, prompt,
   * provider, model, seed, cost, CLIP similarity, requester, its pictures' {@code files}, votes and decision (with
   * the reason's words in every language when it is one of the rules' reasons).
   *
   * @throws NullPointerException when the design is not decided
   */
  public static byte[] json(Design design, Catalog catalog, List<String> files) {
    HistoryEntry entry = design.entry();
    ObjectNode sidecar = JSON.createObjectNode();
    sidecar.put("id", design.id());
    sidecar.put("character", entry.character());
    sidecar.put("theme", entry.theme());
    catalog.character(entry.character()).ifPresent(character -> names(sidecar.putObject("character_names"),
        character.name(), character.names()));
    catalog.theme(entry.theme()).ifPresent(theme -> names(sidecar.putObject("theme_names"), theme.name(),
        theme.names()));
    sidecar.put("prompt", entry.prompt());
    sidecar.put("provider", entry.providerId());
    sidecar.put("model", design.model());
    if (design.seed() == null) {
      sidecar.putNull("seed");
    } else {
      sidecar.put("seed", design.seed());
    }
    sidecar.put("cost_usd", entry.costUsd());
    if (entry.similarity() == null) {
      sidecar.putNull("clip_similarity");
    } else {
      sidecar.put("clip_similarity", entry.similarity());
    }
    sidecar.put("requester", design.submission().submitterKey());
    sidecar.put("history_id", entry.id());
    ArrayNode names = sidecar.putArray("files");
    files.forEach(names::add);
    ArrayNode votes = sidecar.putArray("votes");
    ArrayNode reviewers = sidecar.putArray("reviewers");
    for (Vote vote : design.tally().votes()) {
      votes.addObject().put("reviewer", vote.reviewerKey())
          .put("verdict", vote.verdict().name().toLowerCase(Locale.ROOT)).put("note", vote.comment())
          .put("at", vote.at().toString());
      reviewers.add(vote.reviewerKey());
    }
    Decision decision = Objects.requireNonNull(design.decision(), "only decided designs have a sidecar");
    sidecar.put("outcome", decision.outcome().name().toLowerCase(Locale.ROOT));
    sidecar.put("reason", decision.reason());
    DecisionReason.parse(decision.reason()).ifPresent(reason -> {
      ObjectNode texts = sidecar.putObject("reason_text");
      for (Lang lang : Lang.values()) {
        texts.put(lang.code(), reason.text(lang));
      }
    });
    sidecar.put("decided_at", decision.at().toString());
    try {
      return JSON.writeValueAsBytes(sidecar);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the sidecar of design " + design.id(), e);
    }
  }

  /** {@code {"en": english, "zh-hk": …}}: the display name in every language the catalog gives one in. */
  private static void names(ObjectNode into, String english, Map<Lang, String> names) {
    into.put(Lang.EN.code(), english);
    names.forEach((lang, name) -> into.put(lang.code(), name));
  }
}

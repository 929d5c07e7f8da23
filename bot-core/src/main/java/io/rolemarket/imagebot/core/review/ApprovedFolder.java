package io.rolemarket.imagebot.core.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.ReviewStore.Decision;
import io.rolemarket.imagebot.core.store.ReviewStore.Vote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The folder hand-off of {@link HandOff#toFolder}: pictures and a JSON sidecar, each moved into place whole. Safe for concurrent use. */
final class ApprovedFolder implements HandOff {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;
  private final Catalog catalog;

  ApprovedFolder(Path root, Catalog catalog) {
    this.root = Objects.requireNonNull(root, "root");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /** {@code {"en": english, "zh-hk": …}}: the display name in every language the catalog gives one in. */
  private static void names(ObjectNode into, String english, Map<Lang, String> names) {
    into.put(Lang.EN.code(), english);
    names.forEach((lang, name) -> into.put(lang.code(), name));
  }

  @Override
  public void deliver(Design design, List<GeneratedImage> images) {
    HistoryEntry entry = design.entry();
    Path dir = root.resolve(safe(entry.character())).resolve(safe(entry.theme()));
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
    ArrayNode files = sidecar.putArray("files");
    try {
      Files.createDirectories(dir);
      for (int i = 0; i < images.size(); i++) {
        GeneratedImage image = images.get(i);
        String name = design.id() + (images.size() > 1 ? "-" + (i + 1) : "") + "." + image.format().extension();
        write(dir.resolve(name), image.bytes());
        files.add(name);
      }
      ArrayNode votes = sidecar.putArray("votes");
      ArrayNode reviewers = sidecar.putArray("reviewers");
      for (Vote vote : design.tally().votes()) {
        votes.addObject().put("reviewer", vote.reviewerKey())
            .put("verdict", vote.verdict().name().toLowerCase(Locale.ROOT)).put("note", vote.comment())
            .put("at", vote.at().toString());
        reviewers.add(vote.reviewerKey());
      }
      Decision decision = Objects.requireNonNull(design.decision(), "only decided designs are handed off");
      sidecar.put("outcome", decision.outcome().name().toLowerCase(Locale.ROOT));
      sidecar.put("reason", decision.reason());
      DecisionReason.parse(decision.reason()).ifPresent(reason -> {
        ObjectNode texts = sidecar.putObject("reason_text");
        for (Lang lang : Lang.values()) {
          texts.put(lang.code(), reason.text(lang));
        }
      });
      sidecar.put("decided_at", decision.at().toString());
      write(dir.resolve(design.id() + ".json"), JSON.writeValueAsBytes(sidecar));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the approved design " + design.id() + " under " + root
          + " (check IMAGEBOT_APPROVED_DIR)", e);
    }
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temporary, bytes);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** A catalog id as one safe path segment. */
  private static String safe(String id) {
    String cleaned = id.replaceAll("[^\\p{L}\\p{N}_-]", "_");
    return cleaned.isEmpty() ? "_" : cleaned;
  }
}

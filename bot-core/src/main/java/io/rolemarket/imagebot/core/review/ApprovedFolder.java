package io.rolemarket.imagebot.core.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Objects;

/** The folder hand-off of {@link HandOff#toFolder}: pictures and a JSON sidecar, each moved into place whole. Safe for concurrent use. */
final class ApprovedFolder implements HandOff {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;

  ApprovedFolder(Path root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  @Override
  public void deliver(Design design, List<GeneratedImage> images) {
    HistoryEntry entry = design.entry();
    Path dir = root.resolve(safe(entry.character())).resolve(safe(entry.theme()));
    ObjectNode sidecar = JSON.createObjectNode();
    sidecar.put("id", design.id());
    sidecar.put("character", entry.character());
    sidecar.put("theme", entry.theme());
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

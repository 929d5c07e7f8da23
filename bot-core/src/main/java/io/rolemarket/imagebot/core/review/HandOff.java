package io.rolemarket.imagebot.core.review;

import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.catalog.Catalog;
import java.nio.file.Path;
import java.util.List;

/**
 * Where approved designs go for the merchandise pipeline. Called once per approval, after the decision
 * is stored, on the thread of the vote that approved it. Implementations must be safe for concurrent
 * use; a failure to hand off is broken configuration and throws (the decision stands).
 */
@FunctionalInterface
public interface HandOff {

  /** Hands over an approved design with its pictures, in order. */
  void deliver(Design design, List<GeneratedImage> images);

  /** Hands off nothing (review without a merchandise pipeline). */
  static HandOff none() {
    return (design, images) -> { };
  }

  /**
   * Writes {@code <root>/<character>/<theme>/<id>.<ext>} (numbered {@code <id>-1.<ext>}, ... for several
   * pictures) and a JSON sidecar {@code <id>.json} with the prompt, provider, model, seed, cost, votes,
   * reviewers, the decision's time and reason (a code such as {@code approvals:2}, with its words in each language
   * under {@code reason_text}). The sidecar is written last, so its presence means the files are complete.
   */
  static HandOff toFolder(Path root) {
    return new ApprovedFolder(root, Catalog.builtIn());
  }

  /**
   * The same, the sidecar also carrying the character's and theme's display names in every language of
   * {@code catalog} ({@code character_names}, {@code theme_names}: {@code {"en": "Halloween", "zh-hk": "萬聖節"}}).
   */
  static HandOff toFolder(Path root, Catalog catalog) {
    return new ApprovedFolder(root, catalog);
  }
}

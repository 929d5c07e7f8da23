package io.rolemarket.imagebot.core.store;

import java.util.Optional;

/**
 * The store port for platform file references: the id a chat platform gave an image we uploaded (a
 * Telegram {@code file_id}), so sending it again costs no upload. Safe for concurrent use.
 */
public interface FileRefs {

  /** The id {@code platform} gave the image with this content, if it was uploaded there before. */
  Optional<String> fileId(String platform, String sha256);

  /** Remembers the id {@code platform} gave this image; a newer id replaces an older one. */
  void rememberFileId(String platform, String sha256, String fileId);
}

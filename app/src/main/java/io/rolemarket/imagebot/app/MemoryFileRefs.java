package io.rolemarket.imagebot.app;

import io.rolemarket.imagebot.core.store.FileRefs;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Platform file ids in memory, for a store that does not keep them. Safe for concurrent use. */
final class MemoryFileRefs implements FileRefs {
  private final Map<String, String> ids = new ConcurrentHashMap<>();

  @Override
  public Optional<String> fileId(String platform, String sha256) {
    return Optional.ofNullable(ids.get(platform + "/" + sha256));
  }

  @Override
  public void rememberFileId(String platform, String sha256, String fileId) {
    ids.put(platform + "/" + sha256, fileId);
  }
}

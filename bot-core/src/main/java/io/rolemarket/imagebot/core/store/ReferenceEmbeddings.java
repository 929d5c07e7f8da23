package io.rolemarket.imagebot.core.store;

import java.util.Optional;

/**
 * The store port for the embeddings of characters' reference pictures, kept so that each picture is embedded once
 * per model and not again after a restart. An embedding is known by the model that made it and the picture's
 * SHA-256, so a reference file that changes is embedded anew and one model's vectors are never read as another's.
 * Safe for concurrent use.
 */
public interface ReferenceEmbeddings {

  /**
   * The embedding {@code modelId} made of the picture whose SHA-256 is {@code sha256}, or empty when none is kept.
   *
   * @param sha256 the picture's SHA-256, 64 lower-case hex digits
   */
  Optional<float[]> embedding(String modelId, String sha256);

  /**
   * Keeps {@code embedding} as what {@code modelId} made of the picture whose SHA-256 is {@code sha256}, replacing
   * what was kept for that pair.
   *
   * @throws IllegalArgumentException when the embedding is empty
   */
  void keepEmbedding(String modelId, String sha256, float[] embedding);
}

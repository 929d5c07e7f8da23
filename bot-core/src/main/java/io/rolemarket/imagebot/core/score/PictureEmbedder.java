package io.rolemarket.imagebot.core.score;

import java.io.IOException;

/**
 * Turns a picture into an L2-normalised image embedding (CLIP ViT-B/32's image tower), so that the cosine of two
 * embeddings from the same model says how alike two pictures look. Implementations are safe for concurrent use.
 */
public interface PictureEmbedder {
  /**
   * What made the embeddings: the model's name and the SHA-256 of its file, such as
   * {@code clip-vit-b32:1f3a…}. Embeddings with different model ids are never compared.
   */
  String modelId();

  /**
   * The picture's embedding, of unit length.
   *
   * @param picture PNG, JPEG or WebP bytes
   * @throws IOException when the bytes are not a picture this embedder can read
   */
  float[] embed(byte[] picture) throws IOException;
}

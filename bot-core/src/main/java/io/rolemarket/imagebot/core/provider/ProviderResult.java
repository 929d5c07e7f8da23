package io.rolemarket.imagebot.core.provider;

import java.util.List;

/** What a provider call returns: images, or a {@link ProviderFailure} saying why there are none. */
public sealed interface ProviderResult permits ProviderResult.Images, ProviderFailure {

  /**
   * The images made. There may be fewer than asked for (a partial success), never none.
   *
   * @param images at least one image
   */
  record Images(List<GeneratedImage> images) implements ProviderResult {
    /** Copies the list and checks it is not empty. */
    public Images {
      images = List.copyOf(images);
      if (images.isEmpty()) {
        throw new IllegalArgumentException("a successful result needs at least one image");
      }
    }
  }
}

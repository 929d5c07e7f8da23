package io.rolemarket.imagebot.providers.sketch;

import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.catalog.ThemeDef;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The offline demo provider: draws the catalog character in the theme with Java2D, free and instant.
 *
 * <p>The prompt is matched back to the catalog (the character's and theme's descriptions are in it) to
 * choose the drawing; the entries' {@code sketch} hints say how to draw them. Deterministic: the same prompt and seed give the same bytes; without a seed the
 * seed is derived from the prompt. Used only when no real provider is configured. Safe for concurrent use.
 */
public final class SketchProvider implements ImageProvider {
  private final Catalog catalog;
  private final ProviderInfo info = new ProviderInfo(
      SketchHints.PROVIDER,
      "Sketch (offline demo)",
      "java2d-sketch-1",
      4,
      EnumSet.allOf(AspectRatio.class),
      true,
      false,
      false,
      BigDecimal.ZERO,
      Duration.ofMillis(300),
      2,
      Set.of());

  /**
   * A Sketch provider that draws the characters and themes of {@code catalog}, as their {@code sketch} hints say.
   *
   * @throws IllegalArgumentException when a hint is malformed ({@link #checkHints})
   */
  public SketchProvider(Catalog catalog) {
    checkHints(catalog);
    this.catalog = catalog;
  }

  /**
   * Checks the {@code sketch} hints of every entry in {@code catalog}: the character's {@code color} and the
   * theme's {@code palette} (1..4 of them) must be {@code #RRGGBB} colours.
   *
   * @throws IllegalArgumentException naming the entry and the hint, such as
   *     {@code character momo sketch color must be #RRGGBB, was 'pink'}
   */
  public static void checkHints(Catalog catalog) {
    SketchHints.check(catalog);
  }

  @Override
  public ProviderInfo info() {
    return info;
  }

  @Override
  public ProviderResult generate(ProviderRequest request, ProviderProgress progress) {
    Optional<CharacterDef> character = find(request.prompt(), catalog.characters(), CharacterDef::description);
    Optional<ThemeDef> theme = find(request.prompt(), catalog.themes(), ThemeDef::description);
    long baseSeed = request.seed() != null ? request.seed() : promptSeed(request.prompt());
    List<GeneratedImage> images = new ArrayList<>();
    for (int i = 0; i < request.count(); i++) {
      long seed = baseSeed + i;
      SketchScene scene = new SketchScene(
          character.map(SketchHints::species).orElse(SketchHints.DEFAULT_SPECIES),
          character.map(SketchHints::color).orElse(SketchHints.DEFAULT_COLOR),
          theme.map(SketchHints::palette).orElse(SketchHints.DEFAULT_PALETTE),
          theme.map(SketchHints::props).orElse(List.of("sun", "clouds")),
          seed,
          request.aspectRatio().width(),
          request.aspectRatio().height());
      images.add(new GeneratedImage(SketchPainter.paintPng(scene), ImageFormat.PNG,
          scene.width(), scene.height(), seed));
      progress.report(100 * (i + 1) / request.count(), "drawing");
    }
    return new ProviderResult.Images(images);
  }

  private static <T> Optional<T> find(String prompt, List<T> entries, java.util.function.Function<T, String> text) {
    return entries.stream().filter(entry -> prompt.contains(text.apply(entry).strip())).findFirst();
  }

  private static long promptSeed(String prompt) {
    CRC32 crc = new CRC32();
    crc.update(prompt.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }
}

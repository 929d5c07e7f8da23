package io.rolemarket.imagebot.core.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rolemarket.imagebot.core.catalog.Catalog;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Catalogs for tests: the built-in one with entries changed the way a team's YAML file changes them. */
public final class TestCatalogs {
  /** A Chinese name for Lulu that only tests use: the team has not confirmed her real one. */
  public static final String LULU_IN_CHINESE = "露露豬";

  private TestCatalogs() {}

  /** The built-in catalog overridden by the YAML {@code yaml}. */
  public static Catalog builtInWith(String yaml) {
    try {
      return Catalog.builtIn().overriddenBy(Catalog.fromYaml(new ObjectMapper(new YAMLFactory()).readTree(yaml)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The built-in catalog with Lulu named {@link #LULU_IN_CHINESE} in Traditional Chinese (Hong Kong). */
  public static Catalog withLulusChineseName() {
    return builtInWith("characters:\n  lulu:\n    name: Lulu Pig\n    names: {zh-HK: " + LULU_IN_CHINESE
        + "}\n    description: a round pink pig\n");
  }
}

package io.rolemarket.imagebot.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.Outcomes;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A character's reference pictures through the whole bot: which picture goes, and to which provider. */
class ReferenceGenerationTest {
  private static final UserRef ALICE = UserRef.of("test", "alice", "Alice");

  @TempDir
  Path dir;

  private final InMemoryStore store = new InMemoryStore();
  private final List<ImageBot> bots = new ArrayList<>();
  private final ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
  private final ScriptedProvider openai = ScriptedProvider.of(info("openai", "0.042", false));
  private final ScriptedProvider kontext = ScriptedProvider.of(info("kontext", "0.025", true));

  @AfterEach
  void everyReservationSettled() {
    bots.forEach(ImageBot::close);
    assertEquals(0, store.heldReservations(), "reservations left held");
  }

  private static ProviderInfo info(String id, String cost, boolean needsReference) {
    ProviderInfo info = new ProviderInfo(id, "Scripted " + id, id + "-model", 1, EnumSet.allOf(AspectRatio.class),
        true, true, true, new BigDecimal(cost), Duration.ofSeconds(1), 4, Set.of());
    return needsReference ? info.requiringReferenceImage() : info;
  }

  private ImageBot bot(Catalog catalog, ScriptedProvider... providers) {
    ImageBot.Builder builder = ImageBot.builder().clock(TestClocks.FIXED).catalog(catalog).store(store)
        .routerSettings(ImageBotTest.FAST_RETRIES);
    for (ScriptedProvider provider : providers) {
      builder.provider(provider);
    }
    ImageBot bot = builder.build();
    bots.add(bot);
    return bot;
  }

  /** The built-in catalog with Lulu's reference pictures replaced by {@code references}, best first. */
  private static Catalog luluWith(Path... references) throws Exception {
    StringBuilder yaml = new StringBuilder("characters:\n  lulu:\n    name: Lulu Pig\n"
        + "    description: Lulu Pig, a round pink pig\n    references:\n");
    for (Path reference : references) {
      yaml.append("      - ").append(reference).append('\n');
    }
    return Catalog.builtIn().overriddenBy(Catalog.fromYaml(new ObjectMapper(new YAMLFactory())
        .readTree(yaml.toString())));
  }

  private static String providerOf(GenerateOutcome outcome) {
    return assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome)).result().providerId();
  }

  @Test
  void generate_characterWithReferences_aTakerDrawsFromTheFirstReadableOne() throws Exception {
    byte[] side = ScriptedProvider.image(9).bytes();
    Path sheet = Files.write(dir.resolve("lulu-side.png"), side);
    ImageBot bot = bot(luluWith(dir.resolve("lulu-front.png"), sheet), flux, openai);

    String provider = providerOf(bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), event -> { }));

    assertEquals("openai", provider);
    assertEquals(0, flux.calls());
    assertArrayEquals(side, openai.requests().get(0).referenceImage());
  }

  @Test
  void generate_characterWithoutReferences_theTiersOrderAndNoEditor() throws Exception {
    ImageBot bot = bot(Catalog.builtIn(), kontext, flux, openai);

    assertEquals("flux", providerOf(bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), event -> { })));
    assertEquals(0, kontext.calls());
  }

  @Test
  void generate_characterWithReferences_theEditorDraws() throws Exception {
    Path sheet = Files.write(dir.resolve("lulu.png"), ScriptedProvider.image(9).bytes());
    ImageBot bot = bot(luluWith(sheet), flux, kontext);

    assertEquals("kontext", providerOf(bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), event -> { })));
  }
}

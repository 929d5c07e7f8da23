package io.rolemarket.imagebot.core.work;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.generate.Failure;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.generate.ProgressEvent;
import io.rolemarket.imagebot.core.generate.Reason;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.score.Score;
import io.rolemarket.imagebot.core.store.StoredImage;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Outcomes and progress cross between processes as JSON and come back equal: every refusal, failure, event and
 * score the core has (found by walking the sealed types, so a new one is tested the day it is added), and pictures,
 * read back from the shared blobs.
 */
class WorkCodecTest {
  private final InMemoryStore store = new InMemoryStore();
  private final WorkCodec codec = new WorkCodec(Catalog.builtIn(), store);

  @Test
  void everyReason_comesBackEqual() throws Exception {
    List<Class<?>> reasons = records(Reason.class);
    assertFalse(reasons.size() < 10, "found " + reasons);
    for (Class<?> type : reasons) {
      Reason reason = (Reason) sample(type);
      GenerateOutcome outcome = GenerateOutcome.of(reason);
      assertEquals(outcome, codec.decodeOutcome(codec.encode(outcome)), type.getName());
    }
  }

  @Test
  void everyProgressEvent_comesBackEqual() throws Exception {
    for (Class<?> type : records(ProgressEvent.class)) {
      ProgressEvent event = (ProgressEvent) sample(type);
      assertEquals(event, codec.decodeEvent(codec.encode(event)), type.getName());
    }
  }

  @Test
  void pictures_comeBackFromTheSharedBlobsWithEverythingElse() throws Exception {
    GeneratedImage picture = ScriptedProvider.image(3);
    StoredImage stored = store.put(picture, "prompt", "flux");
    GenerationResult result = new GenerationResult(12, Catalog.builtIn().character("lulu").orElseThrow(),
        Catalog.builtIn().theme("halloween").orElseThrow(), "Lulu at Halloween", List.of(picture), List.of(stored),
        "flux", "FLUX.1-dev", "flux-dev", new BigDecimal("0.025"), Duration.ofMillis(9500), false, 1, "r-9",
        CostSource.REPORTED, List.of(new Score.Measured(0.81, 0.75)), true);

    GenerateOutcome back = codec.decodeOutcome(codec.encode(new GenerateOutcome.Generated(result)));

    GenerationResult made = assertInstanceOf(GenerateOutcome.Generated.class, back).result();
    assertArrayEquals(picture.bytes(), made.images().get(0).bytes());
    assertEquals(result.withScores(result.scores(), true).toString().replaceAll("\\[B@\\w+", ""),
        made.toString().replaceAll("\\[B@\\w+", ""), "every other field");
  }

  @Test
  void aPictureMissingFromTheBlobs_isAClearError() {
    GeneratedImage picture = ScriptedProvider.image(4);
    StoredImage notHere = new StoredImage("ab".repeat(32), picture.format(), 64, 64, 10);
    GenerationResult result = new GenerationResult(1, Catalog.builtIn().character("lulu").orElseThrow(),
        Catalog.builtIn().theme("halloween").orElseThrow(), "p", List.of(picture), List.of(notHere), "flux", "FLUX",
        "m", BigDecimal.ZERO, Duration.ZERO, false, 0);
    String text = codec.encode(new GenerateOutcome.Generated(result));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decodeOutcome(text));
    assertEquals(true, e.getMessage().contains("share the blob directory"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> codec.decodeOutcome("{not json"));
    assertEquals(new GenerateOutcome.Failed(new Failure.Cancelled()),
        codec.decodeOutcome(codec.encode(new GenerateOutcome.Failed(new Failure.Cancelled()))));
  }

  /** The records that implement {@code root}, through every sealed level. */
  private static List<Class<?>> records(Class<?> root) {
    List<Class<?>> found = new ArrayList<>();
    if (root.isRecord()) {
      found.add(root);
    } else if (root.isSealed()) {
      for (Class<?> sub : root.getPermittedSubclasses()) {
        found.addAll(records(sub));
      }
    }
    return found;
  }

  /** A value of {@code type} with something in every field. */
  private static Object sample(Type type) throws Exception {
    if (type instanceof ParameterizedType parameterized) {
      if (parameterized.getRawType() == List.class) {
        return List.of(sample(parameterized.getActualTypeArguments()[0]));
      }
      return sample(parameterized.getRawType());
    }
    Class<?> raw = (Class<?>) type;
    if (raw == String.class) {
      return "text";
    } else if (raw == int.class || raw == Integer.class) {
      return 2;
    } else if (raw == long.class || raw == Long.class) {
      return 3L;
    } else if (raw == double.class) {
      return 0.5;
    } else if (raw == boolean.class) {
      return true;
    } else if (raw == Duration.class) {
      return Duration.ofMillis(1500);
    } else if (raw == Instant.class) {
      return TestClocks.NOW;
    } else if (raw == BigDecimal.class) {
      return new BigDecimal("0.04");
    } else if (raw.isEnum()) {
      return raw.getEnumConstants()[raw.getEnumConstants().length - 1];
    } else if (raw.isRecord()) {
      RecordComponent[] components = raw.getRecordComponents();
      Object[] values = new Object[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        values[i] = sample(components[i].getGenericType());
        types[i] = components[i].getType();
      }
      Constructor<?> constructor = raw.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(values);
    } else if (raw.isSealed()) {
      return sample(records(raw).get(0));
    }
    throw new IllegalArgumentException("no sample for " + raw);
  }
}

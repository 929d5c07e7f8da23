package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.RequestIds;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code IMAGEBOT_LOG_FORMAT} and {@code IMAGEBOT_LOG_LEVEL} applied to the bot's logback configuration. */
class LogSettingsTest {
  private static final Logger log = LoggerFactory.getLogger("io.rolemarket.imagebot.core.generate.GenerationPipeline");

  @AfterEach
  void backToDefaults() {
    LogSettings.apply(Map.of(), false);
  }

  /** What the bot writes on standard error while {@code work} runs, configured by {@code env}. */
  private static List<String> logged(Map<String, String> env, boolean console, Runnable work) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      LogSettings.apply(env, console);
      work.run();
    } finally {
      System.setErr(saved);
    }
    return err.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void json_oneObjectALine_withTheRequestIdAndTheMessage() throws Exception {
    List<String> lines = logged(Map.of("IMAGEBOT_LOG_FORMAT", "json"), false, () -> {
      RequestIds.as("tg-41", () -> log.info("job {}: {} picture(s) by {}", 7, 1, "flux")).run();
      log.warn("no request here");
    });

    assertEquals(2, lines.size(), lines.toString());
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertEquals("INFO", first.path("level").asText());
    assertEquals("tg-41", first.path("mdc").path("request").asText());
    assertEquals("job 7: 1 picture(s) by flux", first.path("formattedMessage").asText());
    assertEquals("io.rolemarket.imagebot.core.generate.GenerationPipeline", first.path("loggerName").asText());
    JsonNode second = new ObjectMapper().readTree(lines.get(1));
    assertEquals("WARN", second.path("level").asText());
    assertTrue(second.path("mdc").isEmpty(), second.toString());
  }

  @Test
  void text_showsTheRequestIdInBrackets_onlyWhenThereIsOne() {
    List<String> lines = logged(Map.of(), false, () -> {
      RequestIds.as("dc-99", () -> log.info("delivered")).run();
      log.info("started");
    });

    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z INFO  GenerationPipeline \\[dc-99] - delivered"),
        lines.get(0));
    assertTrue(lines.get(1).endsWith(" INFO  GenerationPipeline - started"), lines.get(1));
  }

  @Test
  void console_saysOnlyWarningsUnlessToldOtherwise() {
    assertEquals(1, logged(Map.of(), true, () -> {
      log.info("a job line the console tells in its own words");
      log.warn("a warning");
    }).size());
    assertEquals(2, logged(Map.of("IMAGEBOT_LOG_LEVEL", "info"), true, () -> {
      log.info("asked for");
      log.warn("a warning");
    }).size());
  }

  @Test
  void badValues_nameTheSetting() {
    assertEquals("IMAGEBOT_LOG_FORMAT: expected text or json, got \"xml\"",
        assertThrows(ConfigException.class, () -> LogSettings.apply(Map.of("IMAGEBOT_LOG_FORMAT", "xml"), false))
            .getMessage());
    assertEquals("IMAGEBOT_LOG_LEVEL: expected one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got \"loud\"",
        assertThrows(ConfigException.class, () -> LogSettings.apply(Map.of("IMAGEBOT_LOG_LEVEL", "loud"), false))
            .getMessage());
  }
}

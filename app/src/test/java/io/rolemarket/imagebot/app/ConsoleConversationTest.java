package io.rolemarket.imagebot.app;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.i18n.Texts;
import io.rolemarket.imagebot.core.testing.ConversationSuite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conversation suite on the console: a {@link ConsoleAdapter} per person over one bot, each writing
 * pictures to files and lines to its own output. What a person saw is read back from those lines: the
 * pictures written with their caption, and the other lines of each answer.
 */
class ConsoleConversationTest extends ConversationSuite {
  @TempDir Path dir;

  @Override
  protected FrontEnd frontEnd() {
    return new ConsoleFrontEnd(dir);
  }

  /** Types lines into each person's console; one line is answered before the next is read. */
  private static final class ConsoleFrontEnd implements FrontEnd {
    private final Path dir;
    private final Map<Person, ConsoleAdapter> consoles = new EnumMap<>(Person.class);
    private final Map<Person, ByteArrayOutputStream> outputs = new EnumMap<>(Person.class);
    private final Map<Person, List<Answer>> answers = new EnumMap<>(Person.class);
    /** Every line printed to each person, progress lines included. */
    private final Map<Person, List<String>> said = new EnumMap<>(Person.class);
    /** How a line saying a picture was written starts, in each language. */
    private static final List<String> WROTE = Arrays.stream(Lang.values())
        .map(lang -> "  " + Texts.of(lang).get("console.wrote", "\u0001", "").split("\u0001")[0]).toList();
    private Bots bots;
    private ImageBot bot;
    private int answered;

    ConsoleFrontEnd(Path dir) {
      this.dir = dir;
      for (Person person : Person.values()) {
        outputs.put(person, new ByteArrayOutputStream());
        answers.put(person, new ArrayList<>());
        said.put(person, new ArrayList<>());
      }
    }

    @Override
    public Capabilities capabilities() {
      return new Capabilities(4, Map.of(
          Capability.BUTTONS, "the console prints lines and has no buttons: /generate asks again and /resend "
              + "sends a picture again",
          Capability.CANCEL_WHILE_GENERATING, "the console answers one line before it reads the next, so /cancel "
              + "is read only once the picture is done"));
    }

    @Override
    public String userKey(Person person) {
      return "console:" + name(person);
    }

    private static String name(Person person) {
      return person == Person.ALICE ? "alice" : "bob";
    }

    @Override
    public void start(Bots bots) {
      this.bots = bots;
      bot = bots.newBot().get();
      for (Person person : Person.values()) {
        consoles.put(person, new ConsoleAdapter(bot, UserRef.of("console", name(person), name(person)),
            dir.resolve("out"), dir, new PrintStream(outputs.get(person), true, StandardCharsets.UTF_8)));
      }
    }

    @Override
    public void send(Person person, String command) {
      ByteArrayOutputStream output = outputs.get(person);
      output.reset();
      consoles.get(person).handle(command);
      String printed = output.toString(StandardCharsets.UTF_8);
      printed.lines().forEach(said.get(person)::add);
      read(person, printed);
    }

    /**
     * The answer to one line: each run of "wrote" lines (in any language) with the caption after it is a picture
     * answer; progress lines are left out; the other lines are one answer of words.
     */
    private void read(Person person, String printed) {
      List<String> words = new ArrayList<>();
      int pictures = 0;
      for (String line : printed.lines().toList()) {
        if (line.startsWith("  … ")) {
          continue;
        }
        if (WROTE.stream().anyMatch(line::startsWith)) {
          pictures++;
        } else if (pictures > 0) {
          answers.get(person).add(new Answer("line" + answered++, line.strip(), pictures, List.of(), true));
          pictures = 0;
        } else {
          words.add(line);
        }
      }
      if (!words.isEmpty()) {
        answers.get(person).add(new Answer("line" + answered++, String.join("\n", words), 0, List.of(), true));
      }
    }

    @Override
    public List<String> said(Person person) {
      return List.copyOf(said.get(person));
    }

    @Override
    public void press(Person person, String buttonId) {
      throw new UnsupportedOperationException("the console has no buttons");
    }

    @Override
    public List<Answer> answers(Person person) {
      return List.copyOf(answers.get(person));
    }

    @Override
    public void restart() {
      bot.close();
      start(bots);
    }

    @Override
    public void close() {
      if (bot != null) {
        bot.close();
      }
    }
  }
}

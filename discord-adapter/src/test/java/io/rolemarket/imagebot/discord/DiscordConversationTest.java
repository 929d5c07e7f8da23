package io.rolemarket.imagebot.discord;

import com.fasterxml.jackson.databind.JsonNode;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.command.CommandParser;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.testing.ConversationSuite;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

/**
 * The conversation suite on Discord: real JDA on the loopback gateway and REST API ({@link FakeDiscord}), each
 * person in a direct message with the bot. A typed command becomes the slash command with the same options;
 * what a person saw is every message answering their interactions, as it stands now. Four pictures arrive
 * as a grid plus the four originals; 📤 posts to the review channel on the bot's server.
 */
class DiscordConversationTest extends ConversationSuite {

  @Override
  protected FrontEnd frontEnd() throws IOException {
    return new DiscordFrontEnd();
  }

  /** Drives the bot as Discord users do: slash commands and button presses, answered by interaction. */
  private static final class DiscordFrontEnd implements FrontEnd {
    private final FakeDiscord discord = new FakeDiscord();
    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient http = new OkHttpClient();
    /** Whose interaction each token is. */
    private final Map<String, Person> askers = new ConcurrentHashMap<>();
    private Bots bots;
    private ImageBot bot;
    private DiscordAdapter adapter;

    DiscordFrontEnd() throws IOException {
      discord.inGuild();
      server.setDispatcher(discord);
      server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @Override
    public Capabilities capabilities() {
      return new Capabilities(5, Map.of(
          Capability.MOVABLE_CLOCK, "JDA reads the real clock for an interaction's age (FakeDiscord.CLOCK), so the "
              + "bot runs on it too and a button's lifetime cannot pass without waiting it out; ActionButtonsTest "
              + "and the Telegram and console runs cover expiry",
          Capability.REVIEW_COMMANDS, "Discord has no /review command: a result's 📤 button submits it and "
              + "reviewers vote with the buttons in the review channel (DiscordReviewTest)"));
    }

    private static String idOf(Person person) {
      return person == Person.ALICE ? FakeDiscord.USER_ID : FakeDiscord.OTHER_USER_ID;
    }

    @Override
    public String userKey(Person person) {
      return "discord:" + idOf(person);
    }

    @Override
    public void start(Bots bots) throws Exception {
      this.bots = bots;
      bot = bots.newBot().get();
      adapter = DiscordAdapter.start(bot, DiscordSettings.of(FakeDiscord.TOKEN, server.url("/api/v10/").toString(),
          "ws://" + server.getHostName() + ":" + server.getPort() + "/gateway", null).uncompressed().withReviewChannel(Long.parseLong(FakeDiscord.GUILD_CHANNEL_ID)), http);
    }

    @Override
    public void send(Person person, String command) {
      Map<String, Object> options = new LinkedHashMap<>();
      String name = slash(new CommandParser(null).parse(command), options);
      askers.put("itoken-" + discord.slash(idOf(person), name, options), person);
    }

    /** The slash command a typed command is on Discord, its options put in {@code options}. */
    private static String slash(Command command, Map<String, Object> options) {
      return switch (command) {
        case Command.Generate generate -> {
          if (generate.seed() != null) {
            throw new IllegalArgumentException("Discord's /generate has no seed option");
          }
          options.put("character", generate.character());
          options.put("theme", generate.theme());
          if (!generate.extraWords().isEmpty()) {
            options.put("extra", String.join(" ", generate.extraWords()));
          }
          if (generate.count() != 1) {
            options.put("count", generate.count());
          }
          if (generate.aspectRatio() != AspectRatio.SQUARE) {
            options.put("aspect", generate.aspectRatio().label());
          }
          if (generate.providerId() != null) {
            options.put("provider", generate.providerId());
          }
          if (generate.tier() != Tier.BALANCED) {
            options.put("tier", generate.tier().label());
          }
          if (generate.fresh()) {
            options.put("fresh", true);
          }
          yield "generate";
        }
        case Command.Resend resend -> {
          options.put("number", Math.toIntExact(resend.historyId()));
          yield "resend";
        }
        case Command.Grant grant -> {
          options.put("user", grant.userKey());
          options.put("images", grant.images());
          yield "grant";
        }
        case Command.SetRole role -> {
          options.put("user", role.userKey());
          options.put("role", role.role().label());
          yield "role";
        }
        case Command.SetLanguage set -> {
          options.put("language", set.lang().code());
          yield "lang";
        }
        case Command.Cancel cancel -> "cancel";
        case Command.Quota quota -> "quota";
        case Command.History history -> "history";
        case Command.Providers providers -> "providers";
        case Command.Characters characters -> "characters";
        case Command.Themes themes -> "themes";
        case Command.Help help -> "help";
        case Command.Stats stats -> "stats";
        case Command.Spend spend -> "spend";
        case Command.Web web -> "web";
        case Command.WebRevoke revoke -> {
          options.put("revoke", revoke.userKey());
          yield "web";
        }
        case Command.Calibrate calibrate -> {
          options.put("character", calibrate.character());
          yield "calibrate";
        }
        default -> throw new IllegalArgumentException("Discord has no slash command for " + command);
      };
    }

    @Override
    public void press(Person person, String buttonId) {
      askers.put("itoken-" + discord.press(idOf(person), buttonId), person);
    }

    @Override
    public List<Answer> answers(Person person) {
      List<Answer> answers = new ArrayList<>();
      for (FakeDiscord.Posted message : discord.messages()) {
        boolean theirs = message.token().isEmpty() ? message.content().startsWith("<@" + idOf(person) + ">")
            : askers.get(message.token()) == person;
        if (theirs && !message.content().startsWith("⏳")) {
          answers.add(new Answer("message" + message.id(), message.content(), message.files().size(),
              buttons(message.components()), message.ephemeral()));
        }
      }
      return answers;
    }

    /** The interaction token in a call's path: {@code webhooks/<app>/<token>…}, {@code interactions/<id>/<token>/…}. */
    private static final Pattern TOKEN = Pattern.compile("(?:webhooks|interactions)/\\d+/([^/]+)");

    @Override
    public List<String> said(Person person) {
      List<String> said = new ArrayList<>();
      for (FakeDiscord.Call call : discord.calls()) {
        Matcher token = TOKEN.matcher(call.path());
        JsonNode content = call.payload().has("data") ? call.payload().path("data").path("content")
            : call.payload().path("content");
        // Bob reviews, so he reads the review channel's posts too.
        boolean theirs = token.find() ? askers.get(token.group(1)) == person
            : content.asText().startsWith("<@" + idOf(person) + ">") || person == Person.BOB
                && call.path().contains("channels/" + FakeDiscord.GUILD_CHANNEL_ID + "/messages");
        if (theirs && content.isTextual()) {
          said.add(content.asText());
        }
      }
      return said;
    }

    private static List<Button> buttons(JsonNode rows) {
      List<Button> buttons = new ArrayList<>();
      for (JsonNode row : rows) {
        for (JsonNode button : row.path("components")) {
          buttons.add(new Button(button.path("custom_id").asText(), button.path("label").asText()));
        }
      }
      return buttons;
    }

    @Override
    public void restart() throws Exception {
      adapter.close();
      bot.close();
      start(bots);
    }

    @Override
    public void close() throws IOException {
      try {
        if (adapter != null) {
          adapter.close();
          bot.close();
        }
      } finally {
        discord.disconnect();
        server.close();
        http.dispatcher().executorService().shutdown();
      }
      if (!discord.unexpected().isEmpty() || discord.sawWrongToken()) {
        throw new AssertionError("calls the fake does not serve: " + discord.unexpected() + "; a wrong token: "
            + discord.sawWrongToken());
      }
    }
  }
}

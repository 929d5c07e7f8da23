package io.rolemarket.imagebot.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.testing.ConversationSuite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

/**
 * The conversation suite on Telegram: the real telegrambots code on the loopback Bot API ({@link FakeBotApi}),
 * each person in a private chat with the bot. A 2×2 grid arrives as one photo.
 */
class TelegramConversationTest extends ConversationSuite {

  @Override
  protected FrontEnd frontEnd() throws IOException {
    return new TelegramFrontEnd();
  }

  /** Drives the bot as Telegram users do: messages and button presses in their private chats. */
  private static final class TelegramFrontEnd implements FrontEnd {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeBotApi api = new FakeBotApi();
    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient http = new OkHttpClient();
    /** Who made each button press, by its id. */
    private final Map<String, Person> pressers = new ConcurrentHashMap<>();
    /** In which chat each button was shown. */
    private final Map<String, Long> buttonChats = new ConcurrentHashMap<>();
    private Bots bots;
    private ImageBot bot;
    private TelegramAdapter adapter;

    TelegramFrontEnd() throws IOException {
      server.setDispatcher(api);
      server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @Override
    public Capabilities capabilities() {
      return new Capabilities(1, Map.of());
    }

    private static long chatOf(Person person) {
      return person == Person.ALICE ? 1001 : 1002;
    }

    @Override
    public String userKey(Person person) {
      return "telegram:" + chatOf(person);
    }

    @Override
    public void start(Bots bots) throws Exception {
      this.bots = bots;
      bot = bots.newBot().get();
      // Telegram's own pace (a message a second per chat) is OutboxTest's subject; here chats go ten times faster.
      adapter = TelegramAdapter.start(bot, bots.store(), new TelegramSettings(FakeBotApi.TOKEN,
          server.url("/").toString(), Duration.ofMillis(105), Duration.ofMillis(310), Duration.ofMillis(10),
          Duration.ofMillis(150), Duration.ofMillis(400), null), http);
    }

    @Override
    public void send(Person person, String command) {
      api.userSays(chatOf(person), chatOf(person), command);
    }

    @Override
    public void press(Person person, String buttonId) {
      long chat = buttonChats.getOrDefault(buttonId, chatOf(person));
      pressers.put(api.userPresses(chat, chatOf(person), buttonId), person);
    }

    @Override
    public List<Answer> answers(Person person) {
      List<Answer> answers = new ArrayList<>();
      List<FakeBotApi.Call> calls = api.calls();
      for (int i = 0; i < calls.size(); i++) {
        FakeBotApi.Call call = calls.get(i);
        String id = "call" + i;
        switch (call.method()) {
          case "sendmessage", "sendphoto", "senddocument" -> {
            String text = call.text() == null ? "" : call.text();
            if (call.chatId() == chatOf(person) && call.messageId() != 0 && !text.startsWith("⏳")) {
              List<Button> buttons = buttons(call.replyMarkup());
              buttons.forEach(button -> buttonChats.put(button.id(), call.chatId()));
              answers.add(new Answer(id, text, call.method().equals("sendmessage") ? 0 : 1, buttons,
                  call.chatId() > 0));
            }
          }
          case "answercallbackquery" -> {
            if (call.callbackId() != null && pressers.get(call.callbackId()) == person) {
              answers.add(new Answer(id, call.callbackText() == null ? "" : call.callbackText(), 0, List.of(),
                  true));
            }
          }
          default -> { }
        }
      }
      return answers;
    }

    @Override
    public List<String> said(Person person) {
      List<String> said = new ArrayList<>();
      for (FakeBotApi.Call call : api.calls()) {
        if (call.chatId() == chatOf(person) && call.text() != null) {
          said.add(call.text());
        } else if (call.callbackText() != null && call.callbackId() != null
            && pressers.get(call.callbackId()) == person) {
          said.add(call.callbackText());
        }
      }
      return said;
    }

    private static List<Button> buttons(String replyMarkup) {
      List<Button> buttons = new ArrayList<>();
      if (replyMarkup == null) {
        return buttons;
      }
      try {
        for (JsonNode row : JSON.readTree(replyMarkup).path("inline_keyboard")) {
          for (JsonNode button : row) {
            buttons.add(new Button(button.path("callback_data").asText(), button.path("text").asText()));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
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
        server.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
    }
  }
}

package io.rolemarket.imagebot.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.MultipartReader;
import okio.Buffer;

/**
 * A loopback Bot API for the real telegrambots code: serves {@code getUpdates} from a queue, answers
 * every send like Telegram does (message ids, photo file ids) and records each call with its multipart
 * body. A failure can be scripted for the next call of a method (a 429 with {@code retry_after}).
 */
public final class FakeBotApi extends Dispatcher {
  public static final String TOKEN = "TESTTOKEN123secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One recorded Bot API call ({@code callbackId}: the button press it answers, or null). */
  public record Call(String method, long chatId, String text, byte[] upload, String photo, String replyMarkup,
      String callbackText, long atNanos, int messageId, boolean alert, String callbackId) {}

  private final BlockingQueue<ObjectNode> updates = new LinkedBlockingQueue<>();
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, BlockingQueue<Integer>> failures = new ConcurrentHashMap<>();
  private final java.util.Set<Long> blockedChats = ConcurrentHashMap.newKeySet();
  private final AtomicInteger updateIds = new AtomicInteger();
  private final AtomicInteger messageIds = new AtomicInteger(100);
  private final AtomicInteger fileIds = new AtomicInteger();
  private volatile boolean tokenMismatch;
  private volatile boolean strict;
  private final AtomicInteger tooMany = new AtomicInteger();
  private final Map<Long, Long> lastToChat = new ConcurrentHashMap<>();
  private final java.util.Deque<Long> recentSends = new java.util.ArrayDeque<>();
  private final Map<Integer, Long> handedOut = new ConcurrentHashMap<>();

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    String path = request.getUrl().encodedPath();
    if (!path.startsWith("/bot" + TOKEN + "/")) {
      tokenMismatch = true;
      return json(401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
    }
    String method = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    try {
      return switch (method) {
        case "getme" -> ok("{\"id\":999,\"is_bot\":true,\"first_name\":\"RoleMarket\",\"username\":\"RoleMarketBot\"}");
        case "deletewebhook" -> ok("true");
        case "setmycommands" -> {
          commandLists.add(JSON.readTree(request.getBody() == null ? new byte[0] : request.getBody().toByteArray()));
          yield ok("true");
        }
        case "getupdates" -> updates(request);
        default -> send(method, request);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private final AtomicInteger polls = new AtomicInteger();
  private final List<JsonNode> commandLists = Collections.synchronizedList(new ArrayList<>());
  private final Map<Long, String> languages = new ConcurrentHashMap<>();

  /** The bodies of every {@code setMyCommands} call, in order. */
  public List<JsonNode> commandLists() {
    return List.copyOf(commandLists);
  }

  /** From now on {@code userId}'s Telegram app sends {@code languageCode} ({@code from.language_code}). */
  public void userLanguage(long userId, String languageCode) {
    languages.put(userId, languageCode);
  }

  private void from(ObjectNode holder, long userId) {
    ObjectNode from = holder.putObject("from").put("id", userId).put("is_bot", false).put("first_name", "User" + userId);
    String language = languages.get(userId);
    if (language != null) {
      from.put("language_code", language);
    }
  }

  /** How many times the bot asked for updates. */
  public int polls() {
    return polls.get();
  }

  private MockResponse updates(RecordedRequest request) throws InterruptedException {
    polls.incrementAndGet();
    if (keepUntilConfirmed) {
      return unconfirmedUpdates(offset(request));
    }
    ArrayNode batch = JSON.createArrayNode();
    ObjectNode first = updates.poll(300, TimeUnit.MILLISECONDS);
    if (first != null) {
      handedOut.put(first.path("update_id").asInt(), System.nanoTime());
      batch.add(first);
      updates.drainTo(new ArrayList<>() {
        @Override
        public boolean add(ObjectNode node) {
          handedOut.put(node.path("update_id").asInt(), System.nanoTime());
          batch.add(node);
          return true;
        }
      }, 99);
    }
    return ok(batch.toString());
  }

  private volatile boolean keepUntilConfirmed;
  /** Updates handed out and not yet confirmed (keep-until-confirmed mode), by id. Guarded by itself. */
  private final java.util.NavigableMap<Integer, ObjectNode> unconfirmed = new java.util.TreeMap<>();
  private final AtomicInteger handedOutAgain = new AtomicInteger();

  /**
   * From now on {@code getUpdates} works as Telegram's does across processes: an update stays on the server until a
   * call asks with an {@code offset} above its id (that confirms it), so a poller that dies before confirming leaves
   * its updates to the next one, which gets them again.
   */
  public void keepUntilConfirmed() {
    keepUntilConfirmed = true;
  }

  /** Updates handed out more than once (keep-until-confirmed mode): another poller got them before they were confirmed. */
  public int handedOutAgain() {
    return handedOutAgain.get();
  }

  private MockResponse unconfirmedUpdates(int offset) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
    while (true) {
      ArrayNode batch = JSON.createArrayNode();
      synchronized (unconfirmed) {
        for (ObjectNode node; (node = updates.poll()) != null; ) {
          unconfirmed.put(node.path("update_id").asInt(), node);
        }
        unconfirmed.headMap(offset).clear();
        for (ObjectNode node : unconfirmed.values()) {
          if (batch.size() == 100) {
            break;
          }
          if (handedOut.putIfAbsent(node.path("update_id").asInt(), System.nanoTime()) != null) {
            handedOutAgain.incrementAndGet();
          }
          batch.add(node);
        }
      }
      if (!batch.isEmpty() || System.nanoTime() > end) {
        return ok(batch.toString());
      }
      ObjectNode next = updates.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next != null) {
        synchronized (unconfirmed) {
          unconfirmed.put(next.path("update_id").asInt(), next);
        }
      }
    }
  }

  /** The {@code offset} a {@code getUpdates} call asks from (JSON body, form body or query), 0 when none. */
  private static int offset(RecordedRequest request) {
    String query = request.getUrl().queryParameter("offset");
    if (query != null) {
      return Integer.parseInt(query);
    }
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
    try {
      if (text.startsWith("{")) {
        return JSON.readTree(text).path("offset").asInt(0);
      }
    } catch (IOException e) {
      return 0;
    }
    java.util.regex.Matcher form = java.util.regex.Pattern.compile("(?:^|&)offset=(-?\\d+)").matcher(text);
    return form.find() ? Integer.parseInt(form.group(1)) : 0;
  }

  private MockResponse send(String method, RecordedRequest request) throws IOException {
    Parsed parsed = parse(request);
    if (blockedChats.contains(parsed.chatId) && List.of("sendmessage", "sendphoto", "senddocument",
        "sendmediagroup", "editmessagetext").contains(method)) {
      calls.add(new Call(method, parsed.chatId, parsed.text, parsed.upload, parsed.photo, parsed.replyMarkup,
          parsed.callbackText, System.nanoTime(), 0, parsed.alert, parsed.callbackId));
      return json(403, "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}");
    }
    Integer retryAfter = failures.getOrDefault(method, new LinkedBlockingQueue<>()).poll();
    if (retryAfter == null && strict && overLimit(method, parsed.chatId)) {
      tooMany.incrementAndGet();
      retryAfter = 1;
    }
    if (retryAfter == null && storm != null && MESSAGES.contains(method)) {
      retryAfter = storm.answer(parsed.chatId);
    }
    boolean answersMessage = List.of("sendmessage", "editmessagetext", "editmessagecaption", "sendphoto",
        "senddocument").contains(method);
    ObjectNode answer = retryAfter == null && answersMessage ? message(method, parsed) : null;
    calls.add(new Call(method, parsed.chatId, parsed.text, parsed.upload, parsed.photo, parsed.replyMarkup,
        parsed.callbackText, System.nanoTime(), answer == null ? 0 : answer.path("message_id").asInt(),
        parsed.alert, parsed.callbackId));
    if (retryAfter != null) {
      return json(429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after "
          + retryAfter + "\",\"parameters\":{\"retry_after\":" + retryAfter + "}}");
    }
    return ok(answer == null ? "true" : answer.toString());
  }

  /** Telegram's limits as the fake enforces them: one message a second per chat, 30 a second in all. */
  private synchronized boolean overLimit(String method, long chatId) {
    if (!List.of("sendmessage", "sendphoto", "senddocument", "editmessagetext", "deletemessage", "sendmediagroup")
        .contains(method)) {
      return false;
    }
    long now = System.nanoTime();
    Long last = lastToChat.get(chatId);
    while (!recentSends.isEmpty() && now - recentSends.peekFirst() > 1_000_000_000L) {
      recentSends.pollFirst();
    }
    if ((last != null && now - last < 950_000_000L) || recentSends.size() >= 30) {
      return true;
    }
    lastToChat.put(chatId, now);
    recentSends.addLast(now);
    return false;
  }

  private ObjectNode message(String method, Parsed parsed) {
    ObjectNode message = JSON.createObjectNode();
    message.put("message_id", messageIds.incrementAndGet());
    message.put("date", 1_700_000_000);
    message.putObject("chat").put("id", parsed.chatId).put("type", parsed.chatId < 0 ? "group" : "private");
    if (parsed.text != null) {
      message.put(method.equals("sendphoto") || method.equals("editmessagecaption") ? "caption" : "text",
          parsed.text);
    }
    if (method.equals("sendphoto")) {
      String fileId = parsed.upload != null ? "F" + fileIds.incrementAndGet() : parsed.photo;
      ArrayNode photo = message.putArray("photo");
      photo.addObject().put("file_id", fileId + "-small").put("file_unique_id", "u" + fileId + "s")
          .put("width", 90).put("height", 90);
      photo.addObject().put("file_id", fileId).put("file_unique_id", "u" + fileId).put("width", 1024)
          .put("height", 1024);
    }
    return message;
  }

  private record Parsed(long chatId, String text, byte[] upload, String photo, String replyMarkup,
      String callbackText, boolean alert, String callbackId) {}

  private static Parsed parse(RecordedRequest request) throws IOException {
    String contentType = request.getHeaders().get("Content-Type");
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
    if (contentType != null && contentType.startsWith("multipart/")) {
      String boundary = contentType.substring(contentType.indexOf("boundary=") + 9);
      long chatId = 0;
      String caption = null;
      String photo = null;
      String markup = null;
      byte[] upload = null;
      try (MultipartReader reader = new MultipartReader(new Buffer().write(body), boundary)) {
        MultipartReader.Part part;
        while ((part = reader.nextPart()) != null) {
          String disposition = part.headers().get("Content-Disposition");
          String name = disposition.replaceAll(".*name=\"([^\"]*)\".*", "$1");
          byte[] value = part.body().readByteArray();
          if (disposition.contains("filename=")) {
            upload = value;
            continue;
          }
          String text = new String(value, java.nio.charset.StandardCharsets.UTF_8);
          switch (name) {
            case "chat_id" -> chatId = Long.parseLong(text);
            case "caption" -> caption = text;
            case "photo", "document" -> photo = text;
            case "reply_markup" -> markup = text;
            case "url" -> caption = text;
            case "secret_token" -> photo = text;
            default -> { }
          }
        }
      }
      return new Parsed(chatId, caption, upload, photo, markup, null, false, null);
    }
    JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    String text = json.has("text") ? json.path("text").asText()
        : json.has("caption") ? json.path("caption").asText() : null;
    return new Parsed(json.path("chat_id").asLong(), text, null,
        null, json.has("reply_markup") ? json.path("reply_markup").toString() : null,
        json.has("callback_query_id") ? json.path("text").asText() : null, json.path("show_alert").asBoolean(),
        json.has("callback_query_id") ? json.path("callback_query_id").asText() : null);
  }

  private static MockResponse ok(String result) {
    return json(200, "{\"ok\":true,\"result\":" + result + "}");
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  /**
   * A server socket factory whose connections send at once (TCP_NODELAY), as Telegram's servers do;
   * without it, Nagle's algorithm and delayed ACKs add about 40 ms to each long-poll answer and would be
   * measured as the bot's latency.
   */
  public static javax.net.ServerSocketFactory noDelayServerSockets() {
    return new javax.net.ServerSocketFactory() {
      @Override
      public java.net.ServerSocket createServerSocket() throws IOException {
        return new java.net.ServerSocket() {
          @Override
          public java.net.Socket accept() throws IOException {
            java.net.Socket socket = super.accept();
            socket.setTcpNoDelay(true);
            return socket;
          }
        };
      }

      @Override
      public java.net.ServerSocket createServerSocket(int port) {
        throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
      }

      @Override
      public java.net.ServerSocket createServerSocket(int port, int backlog) {
        throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
      }

      @Override
      public java.net.ServerSocket createServerSocket(int port, int backlog, java.net.InetAddress address) {
        throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
      }
    };
  }

  /** Queues a text message from {@code userId} in {@code chatId} (negative ids are groups). */
  public void userSays(long chatId, long userId, String text) {
    updates.add(messageUpdate(chatId, userId, text));
  }

  /** Queues an update given as JSON (such as one from {@link #messageUpdateJson}), as {@code getUpdates} would hand it out. */
  public void queueRaw(String json) {
    try {
      updates.add((ObjectNode) JSON.readTree(json));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Queues the same message update twice, as one {@code getUpdates} answer may carry a repeated update. */
  public void userSaysTwice(long chatId, long userId, String text) {
    ObjectNode update = messageUpdate(chatId, userId, text);
    updates.add(update);
    updates.add(update.deepCopy());
  }

  /** A message update as Telegram would post it to a webhook (not queued). */
  public String messageUpdateJson(long chatId, long userId, String text) {
    return messageUpdate(chatId, userId, text).toString();
  }

  private ObjectNode messageUpdate(long chatId, long userId, String text) {
    ObjectNode update = JSON.createObjectNode();
    update.put("update_id", updateIds.incrementAndGet());
    ObjectNode message = update.putObject("message");
    message.put("message_id", messageIds.incrementAndGet());
    message.put("date", 1_700_000_000);
    from(message, userId);
    message.putObject("chat").put("id", chatId).put("type", chatId < 0 ? "group" : "private");
    message.put("text", text);
    if (text.startsWith("/")) {
      int end = text.indexOf(' ');
      message.putArray("entities").addObject().put("type", "bot_command").put("offset", 0)
          .put("length", end < 0 ? text.length() : end);
    }
    return update;
  }

  /** Queues a text message from {@code userId} in {@code chatId} replying to the message {@code replyTo}. */
  public void userReplies(long chatId, long userId, int replyTo, String text) {
    ObjectNode update = messageUpdate(chatId, userId, text);
    ObjectNode original = ((ObjectNode) update.path("message")).putObject("reply_to_message");
    original.put("message_id", replyTo);
    original.put("date", 1_700_000_000);
    original.putObject("chat").put("id", chatId).put("type", chatId < 0 ? "group" : "private");
    original.putObject("from").put("id", 999).put("is_bot", true).put("first_name", "RoleMarket");
    updates.add(update);
  }

  /** Queues a button press by {@code userId} on a message in {@code chatId}; returns the press's id. */
  public String userPresses(long chatId, long userId, String data) {
    ObjectNode update = JSON.createObjectNode();
    update.put("update_id", updateIds.incrementAndGet());
    ObjectNode query = update.putObject("callback_query");
    query.put("id", "cq" + updateIds.get());
    from(query, userId);
    query.put("chat_instance", "ci" + chatId);
    query.put("data", data);
    ObjectNode message = query.putObject("message");
    message.put("message_id", 1);
    message.put("date", 1_700_000_000);
    message.putObject("chat").put("id", chatId).put("type", chatId < 0 ? "group" : "private");
    updates.add(update);
    return query.path("id").asText();
  }

  /** From now on, every message to {@code chatId} is refused as Telegram refuses a chat that blocked the bot. */
  public void userBlocksTheBot(long chatId) {
    blockedChats.add(chatId);
  }

  private static final List<String> MESSAGES =
      List.of("sendmessage", "sendphoto", "senddocument", "editmessagetext", "deletemessage", "sendmediagroup");
  private volatile @org.jspecify.annotations.Nullable Storm storm;

  /**
   * A storm of 429s: each message is refused with {@code retry_after} between {@code minSeconds} and
   * {@code maxSeconds} with probability {@code fraction} (seeded, so runs repeat); a message to a chat still
   * inside the wait its last 429 asked for is refused again and counted as an early retry.
   */
  public void storm(double fraction, int minSeconds, int maxSeconds, long seed) {
    storm = new Storm(fraction, minSeconds, maxSeconds, new java.util.Random(seed));
  }

  /** Sends the storm refused with a 429. */
  public int stormRefusals() {
    Storm current = storm;
    return current == null ? 0 : current.refused;
  }

  /** Sends that came before the {@code retry_after} their chat was given had passed. */
  public int earlyRetries() {
    Storm current = storm;
    return current == null ? 0 : current.early;
  }

  /** The 429 storm's state. Guarded by its own monitor. */
  private static final class Storm {
    final double fraction;
    final int minSeconds;
    final int maxSeconds;
    final java.util.Random random;
    final Map<Long, Long> blockedUntil = new java.util.HashMap<>();
    int refused;
    int early;

    Storm(double fraction, int minSeconds, int maxSeconds, java.util.Random random) {
      this.fraction = fraction;
      this.minSeconds = minSeconds;
      this.maxSeconds = maxSeconds;
      this.random = random;
    }

    synchronized @org.jspecify.annotations.Nullable Integer answer(long chatId) {
      long now = System.nanoTime();
      Long until = blockedUntil.get(chatId);
      if (until != null && now < until) {
        early++;
        refused++;
        return (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(until - now + 999_999_999L));
      }
      if (random.nextDouble() >= fraction) {
        return null;
      }
      int seconds = minSeconds + random.nextInt(maxSeconds - minSeconds + 1);
      blockedUntil.put(chatId, now + TimeUnit.SECONDS.toNanos(seconds));
      refused++;
      return seconds;
    }
  }

  /** The next {@code method} call answers 429 with this {@code retry_after}. */
  public void failNext(String method, int retryAfterSeconds) {
    failures.computeIfAbsent(method, m -> new LinkedBlockingQueue<>()).add(retryAfterSeconds);
  }

  /** Every recorded call so far. */
  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** Waits until {@code count} recorded calls match. */
  public List<Call> await(Predicate<Call> match, int count, long timeoutMillis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      List<Call> matching = calls().stream().filter(match).toList();
      if (matching.size() >= count || System.nanoTime() > end) {
        return matching;
      }
      Thread.sleep(20);
    }
  }

  /** Answers 429 to sends that break Telegram's limits (a benchmark's referee). */
  public void enforceLimits() {
    strict = true;
  }

  /** How many 429s the limits referee gave. */
  public int tooManyRequests() {
    return tooMany.get();
  }

  /** When the update with this id was handed to the bot (nanoTime), or null. */
  public Long handedOutAt(int updateId) {
    return handedOut.get(updateId);
  }

  /** Takes the next update id for an update a test writes itself (ids must grow, as Telegram's do). */
  public int takeUpdateId() {
    return updateIds.incrementAndGet();
  }

  /** The id the next queued update gets. */
  public int nextUpdateId() {
    return updateIds.get() + 1;
  }

  public boolean sawWrongToken() {
    return tokenMismatch;
  }
}

package io.rolemarket.imagebot.discord;

import java.time.Clock;
import java.time.Duration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.MultipartReader;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Discord on loopback: the REST routes JDA calls (under {@code /api/v10/}) and a gateway WebSocket (at
 * {@code /gateway}) that completes the handshake of each shard (HELLO, IDENTIFY → READY, heartbeats) and,
 * on shard 0, dispatches interactions in a direct message or, after {@link #inGuild}, a server channel
 * (payloads from {@link DiscordPayloads}). Can answer a route with Discord's 429, or after
 * {@link #enforceLimits} referee Discord's rate limits on every route ({@link FakeRateLimits}). Records every
 * REST call with its JSON payload and uploaded files, and keeps the messages they leave behind as Discord would: a
 * deferred reply "thinking…" until its first edit or follow-up (a first follow-up takes the reply's place and
 * its visibility, whatever its own flags), edits that replace what they carry, deletions. Can answer each call
 * after a random delay, so calls on different routes overtake each other as they do on Discord. Times
 * each interaction from its dispatch to its acknowledgement and to its first picture. Safe for concurrent
 * use.
 */
final class FakeDiscord extends Dispatcher {
  static final String TOKEN = "fake-discord-token.QUJD.ZGVm";
  static final String BOT_ID = DiscordPayloads.BOT_ID;
  static final String USER_ID = "1400000000000000001";
  static final String OTHER_USER_ID = "1400000000000000002";
  static final String DM_CHANNEL_ID = DiscordPayloads.DM_CHANNEL_ID;
  static final String GUILD_ID = DiscordPayloads.GUILD_ID;
  static final String GUILD_CHANNEL_ID = DiscordPayloads.GUILD_CHANNEL_ID;
  private static final long DISCORD_EPOCH = 1420070400000L;

  /**
   * The clock the Discord tests run the bot on: the system's, because JDA itself reads the real clock for an
   * interaction's age (its hooks expire 15 minutes after the id's time), so the fake's ids, JDA and the bot
   * must agree on it. Assertions never name a date.
   */
  static final Clock CLOCK = Clock.systemUTC();
  private static final long GUILDS_INTENT = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Failure(String route, MockResponse response) {}

  /**
   * A message as it stands now: its text, its attachments' names, its flags (64: only its asker sees it), the
   * token of the interaction it answers (empty for a channel message) and its component rows.
   */
  record Posted(long id, String channelId, String content, List<String> files, int flags, boolean deleted,
      String token, JsonNode components) {
    boolean ephemeral() {
      return (flags & 64) != 0;
    }
  }

  /** An interaction's reply: deferred ("thinking…") until resolved, then a message, or deleted. */
  private static final class Reply {
    final int deferFlags;
    @Nullable Long messageId;
    boolean deleted;

    Reply(int deferFlags) {
      this.deferFlags = deferFlags;
    }
  }

  /** A REST call: method, path after the base, JSON payload (or {@code payload_json}) and files by name. */
  record Call(String method, String path, JsonNode payload, Map<String, byte[]> files) {}

  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong snowflakes = new AtomicLong();
  private final AtomicInteger sequence = new AtomicInteger();
  private volatile @Nullable WebSocket gateway;
  private volatile ArrayNode commands = JSON.createArrayNode();
  private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
  private final AtomicReference<@Nullable Failure> nextFailure = new AtomicReference<>();
  private volatile boolean wrongToken;
  private volatile boolean inGuild;
  private volatile int boostTier;
  private final AtomicInteger identified = new AtomicInteger();
  private final List<WebSocket> open = new CopyOnWriteArrayList<>();
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  private final Map<Long, Posted> messages = new ConcurrentHashMap<>();
  private volatile int maxDelayMillis;
  private volatile @Nullable FakeRateLimits limits;
  private final AtomicInteger tooManyRequests = new AtomicInteger();
  private final Map<String, String> interactionByToken = new ConcurrentHashMap<>();
  private final Map<String, Long> dispatchedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> acknowledgedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> picturedAt = new ConcurrentHashMap<>();

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (path.startsWith("/gateway")) {
      return new MockResponse.Builder().webSocketUpgrade(new Gateway()).build();
    }
    if (!("Bot " + TOKEN).equals(request.getHeaders().get("Authorization"))) {
      wrongToken = true;
      return json(401, "{\"message\": \"401: Unauthorized\", \"code\": 0}");
    }
    String route = path.replaceFirst("^/api/v10/", "");
    try {
      long arrived = System.nanoTime();
      Call call = parse(request.getMethod(), route, request);
      calls.add(call);
      FakeRateLimits referee = limits;
      FakeRateLimits.Verdict verdict = referee == null ? null : referee.admit(call.method(), route);
      if (verdict instanceof FakeRateLimits.Verdict.Refused refused) {
        tooManyRequests.incrementAndGet();
        return refused.response();
      }
      time(call, arrived);
      if (maxDelayMillis > 0) {
        Thread.sleep(ThreadLocalRandom.current().nextInt(maxDelayMillis + 1));
      }
      Failure failure = nextFailure.get();
      if (failure != null && route.matches(failure.route()) && nextFailure.compareAndSet(failure, null)) {
        if (failure.response().getCode() == 429) {
          tooManyRequests.incrementAndGet();
        }
        return failure.response();
      }
      MockResponse answer = answer(call);
      return verdict instanceof FakeRateLimits.Verdict.Allowed allowed ? allowed.stamp(answer) : answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return json(500, "{}");
    }
  }

  /** Notes when an interaction was first acknowledged, and when its first picture came through its token. */
  private void time(Call call, long arrived) {
    String[] parts = call.path().split("/");
    if (call.path().matches("interactions/\\d+/[^/]+/callback")) {
      acknowledgedAt.putIfAbsent(parts[1], arrived);
    } else if (call.path().matches("webhooks/\\d+/[^/]+(/messages/@original)?") && !call.files().isEmpty()) {
      String interaction = interactionByToken.get(parts[2]);
      if (interaction != null) {
        picturedAt.putIfAbsent(interaction, arrived);
      }
    }
  }

  private MockResponse answer(Call call) {
    String route = call.path();
    if (route.equals("users/@me")) {
      return json(200, DiscordPayloads.user(BOT_ID, "rolemarket", true).toString());
    }
    if (route.matches("applications/\\d+(/guilds/\\d+)?/commands")) {
      if (call.method().equals("PUT")) {
        ArrayNode echoed = JSON.createArrayNode();
        for (JsonNode sent : call.payload()) {
          ObjectNode command = ((ObjectNode) sent).deepCopy();
          command.put("id", Long.toString(snowflake()));
          command.put("application_id", BOT_ID);
          command.put("version", Long.toString(snowflake()));
          command.put("type", 1);
          command.putIfAbsent("options", JSON.createArrayNode());
          command.putIfAbsent("default_member_permissions", null);
          command.put("nsfw", false);
          if (route.contains("/guilds/")) {
            command.put("guild_id", GUILD_ID);
          }
          echoed.add(command);
        }
        commands = echoed;
      }
      return json(200, commands.toString());
    }
    if (route.matches("interactions/\\d+/[^/]+/callback")) {
      callback(route.split("/")[2], call);
      return new MockResponse.Builder().code(204).build();
    }
    if (route.matches("webhooks/\\d+/[^/]+/messages/@original") && call.method().equals("DELETE")) {
      Reply reply = replies.get(route.split("/")[2]);
      synchronized (this) {
        if (reply != null && reply.messageId != null) {
          messages.computeIfPresent(reply.messageId, (id, old) -> withDeleted(old));
        }
        if (reply != null) {
          reply.deleted = true;
        }
      }
      return new MockResponse.Builder().code(204).build();
    }
    if (route.matches("webhooks/\\d+/[^/]+(/messages/@original)?")) {
      String token = route.split("/")[2];
      boolean edit = call.method().equals("PATCH");
      long id = webhookMessage(token, call, edit);
      ObjectNode message = DiscordPayloads.message(id, call.payload(), DM_CHANNEL_ID);
      message.put("flags", messages.get(id).flags());
      return json(200, message.toString());
    }
    if (route.equals("users/@me/channels")) {
      return json(200, "{\"id\": \"" + DM_CHANNEL_ID + "\", \"type\": 1, \"recipients\": ["
          + DiscordPayloads.user(USER_ID, "mia", false) + "]}");
    }
    if (route.matches("channels/\\d+/messages/\\d+") && call.method().equals("PATCH")) {
      String[] parts = route.split("/");
      messages.computeIfPresent(Long.parseLong(parts[3]), (id, old) -> edited(old, call));
      ObjectNode edited = DiscordPayloads.message(Long.parseLong(parts[3]), call.payload(), parts[1]);
      return json(200, edited.toString());
    }
    if (route.matches("channels/\\d+/messages") && call.method().equals("POST")) {
      String channelId = route.split("/")[1];
      long id = snowflake();
      messages.put(id, posted(id, channelId, call, call.payload().path("flags").asInt(0), ""));
      return json(200, DiscordPayloads.message(id, call.payload(), channelId).toString());
    }
    unexpected.add(call.method() + " " + route);
    return json(404, "{\"message\": \"Unknown route\", \"code\": 0}");
  }

  private void callback(String token, Call call) {
    int type = call.payload().path("type").asInt();
    int flags = call.payload().path("data").path("flags").asInt(0);
    Reply reply = new Reply(flags);
    if (type == 4) {
      long id = snowflake();
      messages.put(id, posted(id, DM_CHANNEL_ID, new Call(call.method(), call.path(), call.payload().path("data"),
          call.files()), flags, token));
      reply.messageId = id;
    }
    replies.put(token, reply);
  }

  /**
   * A follow-up ({@code edit} false) or an edit of the reply: a follow-up to a reply still "thinking…" becomes
   * the reply, visible as the deferral said; an edit replaces what it carries. Returns the message's id.
   */
  private synchronized long webhookMessage(String token, Call call, boolean edit) {
    Reply reply = replies.computeIfAbsent(token, key -> new Reply(0));
    boolean thinking = reply.messageId == null && !reply.deleted;
    if (edit || thinking) {
      if (reply.messageId == null) {
        long id = snowflake();
        reply.messageId = id;
        messages.put(id, posted(id, DM_CHANNEL_ID, call, reply.deferFlags, token));
        return id;
      }
      long id = reply.messageId;
      messages.computeIfPresent(id, (key, old) -> edited(old, call));
      return id;
    }
    long id = snowflake();
    messages.put(id, posted(id, DM_CHANNEL_ID, call, call.payload().path("flags").asInt(0), token));
    return id;
  }

  private static Posted posted(long id, String channelId, Call call, int flags, String token) {
    return new Posted(id, channelId, call.payload().path("content").asText(""), List.copyOf(call.files().keySet()),
        flags, false, token, call.payload().path("components").deepCopy());
  }

  private static Posted edited(Posted old, Call call) {
    JsonNode payload = call.payload();
    String content = payload.has("content") ? payload.path("content").asText("") : old.content();
    List<String> files = !call.files().isEmpty() ? List.copyOf(call.files().keySet())
        : payload.has("attachments") && payload.path("attachments").isEmpty() ? List.of() : old.files();
    JsonNode components = payload.has("components") ? payload.path("components").deepCopy() : old.components();
    return new Posted(old.id(), old.channelId(), content, files, old.flags(), old.deleted(), old.token(), components);
  }

  private static Posted withDeleted(Posted old) {
    return new Posted(old.id(), old.channelId(), old.content(), old.files(), old.flags(), true, old.token(),
        old.components());
  }

  /** Every message the bot left that is not deleted, as it stands now. */
  List<Posted> messages() {
    return messages.values().stream().filter(message -> !message.deleted())
        .sorted(java.util.Comparator.comparingLong(Posted::id)).toList();
  }

  /** Answers each later call after a random delay of up to {@code millis}, as a busy Discord would. */
  FakeDiscord delayUpTo(int millis) {
    maxDelayMillis = millis;
    return this;
  }

  private static Call parse(String method, String route, RecordedRequest request) throws IOException {
    String contentType = request.getHeaders().get("Content-Type");
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
    Map<String, byte[]> files = new LinkedHashMap<>();
    JsonNode payload = JSON.createObjectNode();
    if (contentType != null && contentType.startsWith("multipart/")) {
      String boundary = contentType.substring(contentType.indexOf("boundary=") + 9);
      try (MultipartReader reader = new MultipartReader(new Buffer().write(body), boundary)) {
        MultipartReader.Part part;
        while ((part = reader.nextPart()) != null) {
          String disposition = part.headers().get("Content-Disposition");
          byte[] value = part.body().readByteArray();
          if (disposition != null && disposition.contains("filename=")) {
            files.put(disposition.replaceAll(".*filename=\"([^\"]*)\".*", "$1"), value);
          } else if (disposition != null && disposition.contains("name=\"payload_json\"")) {
            payload = JSON.readTree(value);
          }
        }
      }
    } else if (body.length > 0) {
      payload = JSON.readTree(body);
    }
    return new Call(method, route, payload, files);
  }

  /** The gateway side: answers IDENTIFY with READY and heartbeats with ACKs. */
  private final class Gateway extends WebSocketListener {
    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      webSocket.send("{\"op\": 10, \"d\": {\"heartbeat_interval\": 41250}, \"s\": null, \"t\": null}");
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(1000, null);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      try {
        JsonNode frame = JSON.readTree(text);
        switch (frame.path("op").asInt()) {
          case 1 -> webSocket.send("{\"op\": 11}");
          case 2 -> {
            JsonNode shard = frame.path("d").path("shard");
            boolean first = shard.path(0).asInt(0) == 0;
            identified.incrementAndGet();
            open.add(webSocket);
            if (first) {
              gateway = webSocket;
            }
            ObjectNode ready = DiscordPayloads.ready(inGuild && first);
            if (shard.isArray()) {
              ready.set("shard", shard);
            }
            webSocket.send(dispatchFrame("READY", ready));
            boolean guildsIntent = (frame.path("d").path("intents").asLong() & GUILDS_INTENT) != 0;
            if (inGuild && first && guildsIntent) {
              webSocket.send(dispatchFrame("GUILD_CREATE", DiscordPayloads.guild(boostTier)));
            }
          }
          default -> { }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Answers the next call to a route matching {@code regex} with a per-route 429, as Discord does. */
  void rateLimitNext(String regex) {
    nextFailure.set(new Failure(regex, rateLimit()));
  }

  /** Answers the next call to a route matching {@code regex} with 404 Unknown Webhook, as for a dead token. */
  void unknownWebhookNext(String regex) {
    nextFailure.set(new Failure(regex, json(404, "{\"message\": \"Unknown Webhook\", \"code\": 10015}")));
  }

  private static MockResponse rateLimit() {
    return new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
        .addHeader("Retry-After", "1").addHeader("X-RateLimit-Bucket", "b1").addHeader("X-RateLimit-Scope", "user")
        .addHeader("Via", "1.1 google")
        .body("{\"message\": \"You are being rate limited.\", \"retry_after\": 0.5, \"global\": false}").build();
  }

  /**
   * Puts the bot in one server with one text channel, announced by GUILD_CREATE after READY (as Discord
   * does, only to a connection that asked for the GUILDS intent).
   */
  FakeDiscord inGuild() {
    inGuild = true;
    return this;
  }

  /** Puts the bot in one server boosted to {@code tier} (0–3), which raises its upload limit. */
  FakeDiscord inBoostedGuild(int tier) {
    boostTier = tier;
    return inGuild();
  }

  private String dispatchFrame(String type, JsonNode data) {
    ObjectNode frame = JSON.createObjectNode();
    frame.put("op", 0);
    frame.put("s", sequence.incrementAndGet());
    frame.put("t", type);
    frame.set("d", data);
    return frame.toString();
  }

  /** A fresh snowflake: JDA reads an interaction's age from its id. */
  private long snowflake() {
    return ((CLOCK.millis() - DISCORD_EPOCH) << 22) | (snowflakes.incrementAndGet() & 0x3FFFFF);
  }

  /** Sends {@code /name} with {@code options} from {@code userId} in a direct message; returns its id. */
  String slash(String userId, String name, Map<String, Object> options) {
    return interaction(userId, 2, DiscordPayloads.command(name, options, null));
  }

  /** Sends {@code /name subcommand} with {@code options} from {@code userId} in a direct message; returns its id. */
  String slash(String userId, String name, String subcommand, Map<String, Object> options) {
    return interaction(userId, 2, DiscordPayloads.subcommand(name, subcommand, options, null));
  }

  /** Sends an autocomplete request for {@code /name subcommand}'s {@code focused} option, typed so far. */
  String autocomplete(String userId, String name, String subcommand, String focused, String typed) {
    return interaction(userId, 4, DiscordPayloads.subcommand(name, subcommand, Map.of(focused, typed), focused));
  }

  /** Sends {@code /name} with {@code options} from {@code userId} in the server's text channel; returns its id. */
  String slashInGuild(String userId, String name, Map<String, Object> options) {
    long id = snowflake();
    send(DiscordPayloads.guildInteraction(id, userId, 2, DiscordPayloads.command(name, options, null)));
    return Long.toString(id);
  }

  /** Sends an autocomplete request for {@code /generate}'s {@code focused} option, typed so far. */
  String autocomplete(String userId, String focused, String typed) {
    return interaction(userId, 4, DiscordPayloads.command("generate", Map.of(focused, typed), focused));
  }

  /** Presses the button with {@code customId}. */
  String press(String userId, String customId) {
    ObjectNode data = JSON.createObjectNode();
    data.put("custom_id", customId);
    data.put("component_type", 2);
    ObjectNode extra = JSON.createObjectNode();
    extra.putObject("message").put("id", Long.toString(snowflake())).put("flags", 0);
    return interaction(userId, 3, data, extra);
  }

  /** Presses the button with {@code customId} under message {@code messageId} in the server's text channel. */
  String pressInGuild(String userId, String customId, String messageId) {
    ObjectNode data = JSON.createObjectNode();
    data.put("custom_id", customId);
    data.put("component_type", 2);
    long id = snowflake();
    ObjectNode interaction = DiscordPayloads.guildInteraction(id, userId, 3, data);
    interaction.set("message", DiscordPayloads.message(Long.parseLong(messageId), JSON.createObjectNode(),
        GUILD_CHANNEL_ID));
    send(interaction);
    return Long.toString(id);
  }

  /** Submits the modal {@code customId} with {@code value} in its one text input {@code field}, in the server. */
  String submitModalInGuild(String userId, String customId, String field, String value) {
    ObjectNode data = JSON.createObjectNode();
    data.put("custom_id", customId);
    ObjectNode label = data.putArray("components").addObject();
    label.put("type", 18);
    label.put("id", 1);
    label.putObject("component").put("type", 4).put("id", 2).put("custom_id", field).put("value", value);
    long id = snowflake();
    send(DiscordPayloads.guildInteraction(id, userId, 5, data));
    return Long.toString(id);
  }

  private String interaction(String userId, int type, ObjectNode data) {
    return interaction(userId, type, data, JSON.createObjectNode());
  }

  private String interaction(String userId, int type, ObjectNode data, ObjectNode extra) {
    long id = snowflake();
    ObjectNode interaction = DiscordPayloads.dmInteraction(id, userId, type, data);
    interaction.setAll(extra);
    send(interaction);
    return Long.toString(id);
  }

  private void send(ObjectNode interaction) {
    WebSocket socket = gateway;
    if (socket == null) {
      throw new IllegalStateException("JDA has not connected to the gateway");
    }
    String id = interaction.path("id").asText();
    interactionByToken.put(interaction.path("token").asText(), id);
    dispatchedAt.put(id, System.nanoTime());
    socket.send(dispatchFrame("INTERACTION_CREATE", interaction));
  }

  /**
   * From now on referees Discord's rate limits ({@link FakeRateLimits}): every answer carries its bucket's
   * headers, and a call over a limit gets Discord's 429 instead of its answer.
   */
  FakeDiscord enforceLimits() {
    limits = new FakeRateLimits(System::nanoTime, System::currentTimeMillis);
    return this;
  }

  /** How many 429s the fake answered, refereed or scripted. */
  int tooManyRequests() {
    return tooManyRequests.get();
  }

  /** The calls the referee answered with 429, as {@code "METHOD path (bucket)"}; empty when not enforcing. */
  List<String> refused() {
    FakeRateLimits referee = limits;
    return referee == null ? List.of() : referee.refused();
  }

  /** How long after its dispatch interaction {@code id} was acknowledged (its callback arrived), if it was. */
  Optional<Duration> acknowledgedAfter(String id) {
    return since(id, acknowledgedAt.get(id));
  }

  /** How long after its dispatch interaction {@code id}'s first picture arrived through its token, if one did. */
  Optional<Duration> picturedAfter(String id) {
    return since(id, picturedAt.get(id));
  }

  private Optional<Duration> since(String id, @Nullable Long at) {
    Long dispatched = dispatchedAt.get(id);
    return at == null || dispatched == null ? Optional.empty() : Optional.of(Duration.ofNanos(at - dispatched));
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  /** Every REST call so far. */
  List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** Waits for {@code count} calls matching {@code match}; returns those seen by then. */
  List<Call> await(Predicate<Call> match, int count, long timeoutMillis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      List<Call> matching = calls().stream().filter(match).toList();
      if (matching.size() >= count || System.nanoTime() > end) {
        return matching;
      }
      Thread.sleep(20);
    }
  }

  /** Waits until no call has come for {@code quietMillis} (at most {@code timeoutMillis} in all). */
  void awaitQuiet(long quietMillis, long timeoutMillis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    int seen = -1;
    long since = System.nanoTime();
    while (System.nanoTime() < end) {
      int now = calls.size();
      if (now != seen) {
        seen = now;
        since = System.nanoTime();
      } else if (System.nanoTime() - since >= TimeUnit.MILLISECONDS.toNanos(quietMillis)) {
        return;
      }
      Thread.sleep(20);
    }
  }

  /** Calls whose path matches {@code regex}. */
  static Predicate<Call> path(String method, String regex) {
    return call -> call.method().equals(method) && call.path().matches(regex);
  }

  /** Drops the gateway connection, if JDA left it open. */
  void disconnect() {
    for (WebSocket socket : open) {
      socket.close(1000, "test over");
    }
  }

  /** How many IDENTIFYs the gateway answered: one per shard. */
  int identified() {
    return identified.get();
  }

  /** Calls to routes Discord has but this fake does not serve: a sign the adapter does something untested. */
  List<String> unexpected() {
    synchronized (unexpected) {
      return List.copyOf(unexpected);
    }
  }

  boolean sawWrongToken() {
    return wrongToken;
  }
}

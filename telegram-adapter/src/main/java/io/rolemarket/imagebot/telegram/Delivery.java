package io.rolemarket.imagebot.telegram;

import io.rolemarket.imagebot.core.BotMetrics;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.render.ImageGrid;
import io.rolemarket.imagebot.core.store.FileRefs;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Sends results: one photo, or a 2×2 grid (side by side for two or three) as one photo, with the caption
 * and the buttons. A picture Telegram already has is sent again by its {@code file_id} with no upload;
 * a new upload's {@code file_id} is remembered. Pictures over Telegram's 10 MB photo limit go as
 * documents. Safe for concurrent use.
 */
final class Delivery {
  static final String PLATFORM = "telegram";
  private static final Logger log = LoggerFactory.getLogger(Delivery.class);
  private static final int PHOTO_LIMIT = 10 * 1000 * 1000;
  private static final int GRID_CELL = 768;

  /**
   * Grids are drawn on platform threads, half the cores at most: drawing takes a core for a while, and on a
   * virtual thread it would hold a carrier that every chat's updates and sends need.
   */
  private static final ExecutorService RENDERS = Executors.newFixedThreadPool(
      Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
      Thread.ofPlatform().name("telegram-render-", 1).daemon(true).factory());

  private final TelegramClient client;
  private final Outbox outbox;
  private final FileRefs refs;
  private final BotMetrics metrics;

  Delivery(TelegramClient client, Outbox outbox, FileRefs refs, BotMetrics metrics) {
    this.metrics = metrics;
    this.client = client;
    this.outbox = outbox;
    this.refs = refs;
  }

  /**
   * Sends {@code result} with its caption and {@code keyboard}; runs {@code delivered} the moment Telegram has
   * confirmed the message, before anything else is written (see {@link #post}).
   */
  void deliver(UpdateHandler.Chat chat, GenerationResult result, InlineKeyboardMarkup keyboard, Runnable delivered)
      throws TelegramApiException, InterruptedException {
    post(chat, result, BotTexts.caption(chat.lang(), result), keyboard, delivered);
  }

  /**
   * Sends {@code result}'s picture with this caption and keyboard, by its remembered {@code file_id} when
   * Telegram has it; returns the message Telegram made.
   */
  Message post(UpdateHandler.Chat chat, GenerationResult result, String caption,
      @Nullable InlineKeyboardMarkup keyboard)
      throws TelegramApiException, InterruptedException {
    return post(chat, result, caption, keyboard, () -> { });
  }

  /**
   * {@link #post(UpdateHandler.Chat, GenerationResult, String, InlineKeyboardMarkup)}, running {@code delivered}
   * as soon as Telegram confirms the message and before the new {@code file_id} is written: an answer owed across
   * a crash is settled there, and every write before it would widen the moment in which a killed process leaves a
   * sent answer owed (and the next leader sends it again).
   */
  Message post(UpdateHandler.Chat chat, GenerationResult result, String caption,
      @Nullable InlineKeyboardMarkup keyboard, Runnable delivered)
      throws TelegramApiException, InterruptedException {
    String name = result.character().id() + "-" + result.theme().id();
    List<StoredImage> stored = result.stored();
    String contentKey = stored.size() == 1 ? stored.get(0).sha256() : gridKey(stored);
    Optional<String> known = refs.fileId(PLATFORM, contentKey);
    if (known.isPresent()) {
      try {
        Message sent = outbox.send(chat.id(), chat.group(), () -> client.execute(SendPhoto.builder().chatId(chat.id())
            .photo(new InputFile(known.get())).caption(caption).replyMarkup(keyboard).build()));
        delivered.run();
        metrics.cacheAnswer(BotMetrics.CacheTier.TELEGRAM_FILE_ID);
        return sent;
      } catch (TelegramApiRequestException e) {
        log.warn("Telegram refused a remembered file_id ({}); uploading again", e.getErrorCode());
      }
    }
    byte[] bytes;
    String fileName;
    if (stored.size() == 1) {
      bytes = result.images().get(0).bytes();
      fileName = name + "." + result.images().get(0).format().extension();
    } else {
      try {
        bytes = RENDERS.submit(() -> ImageGrid.jpeg(result.images(), GRID_CELL)).get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
      }
      fileName = name + "-grid.jpg";
    }
    if (bytes.length > PHOTO_LIMIT) {
      Message sent = outbox.send(chat.id(), chat.group(), () -> client.execute(SendDocument.builder()
          .chatId(chat.id()).document(new InputFile(new ByteArrayInputStream(bytes), fileName)).caption(caption)
          .replyMarkup(keyboard).build()));
      delivered.run();
      return sent;
    }
    Message sent = outbox.send(chat.id(), chat.group(), () -> client.execute(SendPhoto.builder().chatId(chat.id())
        .photo(new InputFile(new ByteArrayInputStream(bytes), fileName)).caption(caption).replyMarkup(keyboard)
        .build()));
    delivered.run();
    largest(sent).ifPresent(fileId -> refs.rememberFileId(PLATFORM, contentKey, fileId));
    return sent;
  }

  private static Optional<String> largest(Message sent) {
    if (sent == null || sent.getPhoto() == null) {
      return Optional.empty();
    }
    return sent.getPhoto().stream()
        .max(Comparator.comparingLong(photo -> (long) photo.getWidth() * photo.getHeight()))
        .map(PhotoSize::getFileId);
  }

  /** A content address for a grid: the hash of its images' hashes in order. */
  static String gridKey(List<StoredImage> images) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (StoredImage image : images) {
        digest.update(image.sha256().getBytes(StandardCharsets.US_ASCII));
      }
      digest.update("grid".getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.rolemarket.imagebot.core.score;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.store.ReferenceEmbeddings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores pictures against their character's reference pictures: the best image-to-image cosine between the
 * picture's embedding and each reference's, as {@link Score.Measured} with the character's threshold.
 *
 * <p>Design: embedding runs on one platform thread with a short queue, so that scoring (tens of milliseconds of
 * CPU a picture) never crowds out the bot's I/O on a small machine; callers (virtual threads) wait for their
 * picture's turn. A character's references are embedded in the background, at start ({@link #prepare}) and when
 * first needed, each once per model and picture: the vectors are kept in the store ({@link ReferenceEmbeddings}) and
 * read back after a restart. A picture never waits for references: until they are ready it is {@link Score.NotYet}.
 * Missing or unreadable reference files are logged and left out; a character with none left is
 * {@link Score.Why#NO_REFERENCES}. An embedder failure on a picture gives {@link Score.Why#FAILED} (logged once,
 * then at debug); on a reference it is tried again when next needed. Pictures' embeddings are remembered in memory
 * by content, so a cache hit is not embedded again.
 *
 * <p>Safe for concurrent use. {@link #close} stops the embedding thread.
 */
public final class ConsistencyScorer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConsistencyScorer.class);
  private static final long MAX_REFERENCE_BYTES = 8L << 20;
  private static final Duration PICTURE_WAIT = Duration.ofSeconds(30);

  private final @Nullable PictureEmbedder embedder;
  private final @Nullable ReferenceEmbeddings store;
  private final @Nullable ThreadPoolExecutor executor;
  private final Map<String, CompletableFuture<List<float[]>>> references = new ConcurrentHashMap<>();
  private final Cache<String, float[]> pictures = Caffeine.newBuilder().maximumSize(512).build();
  private final AtomicBoolean failureLogged = new AtomicBoolean();
  /** Pictures waiting for the embedding thread: {@link #close} lets their callers go at once. */
  private final Set<CompletableFuture<float[]>> waiting = ConcurrentHashMap.newKeySet();

  private ConsistencyScorer(@Nullable PictureEmbedder embedder, @Nullable ReferenceEmbeddings store) {
    this.embedder = embedder;
    this.store = store;
    this.executor = embedder == null ? null : new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(64), runnable -> {
          Thread thread = new Thread(runnable, "consistency-scorer");
          thread.setDaemon(true);
          return thread;
        });
  }

  /** A scorer that scores nothing: every picture is {@link Score.Why#OFF}. */
  public static ConsistencyScorer off() {
    return new ConsistencyScorer(null, null);
  }

  /** A scorer embedding with {@code embedder}, keeping reference embeddings in {@code store}. */
  public static ConsistencyScorer of(PictureEmbedder embedder, ReferenceEmbeddings store) {
    return new ConsistencyScorer(Objects.requireNonNull(embedder, "embedder"),
        Objects.requireNonNull(store, "store"));
  }

  /** Whether pictures are scored at all (an embedder is configured). */
  public boolean enabled() {
    return embedder != null;
  }

  /** Starts embedding these characters' references in the background; returns at once. */
  public void prepare(Collection<CharacterDef> characters) {
    if (enabled()) {
      characters.forEach(this::references);
    }
  }

  /**
   * Whether {@code character}'s references are embedded (or there are none to embed), so its pictures can be
   * scored now; starts embedding them when not.
   */
  public boolean ready(CharacterDef character) {
    if (!enabled() || character.references().isEmpty()) {
      return true;
    }
    CompletableFuture<List<float[]>> prepared = references(character);
    return prepared.isDone() && !prepared.isCompletedExceptionally();
  }

  /** Scores each of {@code pictures} of {@code character}, in order. Blocks while the pictures are embedded. */
  public List<Score> score(CharacterDef character, List<byte[]> pictures) {
    List<Score> scores = new ArrayList<>(pictures.size());
    for (byte[] picture : pictures) {
      scores.add(score(character, picture));
    }
    return scores;
  }

  /** Scores {@code picture} of {@code character}. Blocks while it is embedded; never throws for a bad picture. */
  public Score score(CharacterDef character, byte[] picture) {
    if (embedder == null) {
      return new Score.Unscored(Score.Why.OFF);
    }
    if (character.references().isEmpty()) {
      return new Score.Unscored(Score.Why.NO_REFERENCES);
    }
    CompletableFuture<List<float[]>> prepared = references(character);
    if (!prepared.isDone() || prepared.isCompletedExceptionally()) {
      return new Score.NotYet();
    }
    List<float[]> vectors = prepared.join();
    if (vectors.isEmpty()) {
      return new Score.Unscored(Score.Why.NO_REFERENCES);
    }
    try {
      float[] embedding = embedding(picture);
      double best = Double.NEGATIVE_INFINITY;
      for (float[] reference : vectors) {
        best = Math.max(best, cosine(embedding, reference));
      }
      return new Score.Measured(best, character.threshold());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Score.Unscored(Score.Why.FAILED);
    } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
      failed("a picture of " + character.id(), e);
      return new Score.Unscored(Score.Why.FAILED);
    }
  }

  private float[] embedding(byte[] picture)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    String sha256 = sha256(picture);
    float[] known = pictures.getIfPresent(sha256);
    if (known != null) {
      return known;
    }
    CompletableFuture<float[]> embedded = new CompletableFuture<>();
    waiting.add(embedded);
    embedded.whenComplete((embedding, failure) -> waiting.remove(embedded));
    try {
      executor().execute(() -> {
        try {
          embedded.complete(embedder().embed(picture));
        } catch (IOException | RuntimeException e) {
          embedded.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      embedded.cancel(false);
      throw new IllegalStateException("too many pictures waiting to be scored", e);
    }
    try {
      float[] embedding = embedded.get(PICTURE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      pictures.put(sha256, embedding);
      return embedding;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException unreadable) {
        throw unreadable;
      }
      throw e;
    }
  }

  /** The character's reference embeddings, being made in the background when not made yet. */
  private CompletableFuture<List<float[]>> references(CharacterDef character) {
    CompletableFuture<List<float[]>> prepared = references.computeIfAbsent(character.id(), id -> {
      CompletableFuture<List<float[]>> started = new CompletableFuture<>();
      try {
        executor().execute(() -> {
          try {
            started.complete(embedReferences(character));
          } catch (RuntimeException e) {
            failed("the references of " + character.id(), e);
            started.completeExceptionally(e);
          }
        });
      } catch (RejectedExecutionException e) {
        started.completeExceptionally(e);
      }
      return started;
    });
    if (prepared.isCompletedExceptionally()) {
      // Tried again when next needed: the model may have been busy or the store briefly unavailable.
      references.remove(character.id(), prepared);
    }
    return prepared;
  }

  private List<float[]> embedReferences(CharacterDef character) {
    String modelId = embedder().modelId();
    List<float[]> vectors = new ArrayList<>();
    for (String reference : character.references()) {
      byte[] bytes = read(character, reference);
      if (bytes == null) {
        continue;
      }
      String sha256 = sha256(bytes);
      var kept = store().embedding(modelId, sha256);
      if (kept.isPresent()) {
        vectors.add(kept.get());
        continue;
      }
      try {
        float[] vector = embedder().embed(bytes);
        store().keepEmbedding(modelId, sha256, vector);
        vectors.add(vector);
      } catch (IOException e) {
        log.warn("reference picture {} of {} is not a picture the model reads ({}); scoring without it",
            Path.of(reference).getFileName(), character.id(), e.getMessage());
      }
    }
    if (vectors.isEmpty()) {
      log.warn("character {} has no readable reference picture: its pictures are not scored", character.id());
    }
    return List.copyOf(vectors);
  }

  private static byte @Nullable [] read(CharacterDef character, String reference) {
    try {
      Path path = Path.of(reference);
      if (Files.size(path) > MAX_REFERENCE_BYTES) {
        log.warn("reference picture {} of {} is over 8 MiB; scoring without it", path.getFileName(), character.id());
        return null;
      }
      return Files.readAllBytes(path);
    } catch (IOException | RuntimeException e) {
      log.warn("cannot read reference picture {} of {} ({}); scoring without it", reference, character.id(),
          e.toString());
      return null;
    }
  }

  private void failed(String what, Exception e) {
    if (failureLogged.compareAndSet(false, true)) {
      log.warn("the consistency check failed on {}; delivering unscored (later failures are logged at debug)", what,
          e);
    } else {
      log.debug("the consistency check failed on {}", what, e);
    }
  }

  /** The cosine of two vectors of the same length (embeddings should be unit already; this does not rely on it). */
  static double cosine(float[] a, float[] b) {
    if (a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException("embeddings must have the same, non-zero length, were " + a.length + " and "
          + b.length);
    }
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      normA += (double) a[i] * a[i];
      normB += (double) b[i] * b[i];
    }
    if (normA == 0 || normB == 0) {
      throw new IllegalArgumentException("an embedding of length zero has no direction");
    }
    return dot / Math.sqrt(normA * normB);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private PictureEmbedder embedder() {
    return Objects.requireNonNull(embedder, "the scorer is off");
  }

  private ReferenceEmbeddings store() {
    return Objects.requireNonNull(store, "the scorer is off");
  }

  private ThreadPoolExecutor executor() {
    return Objects.requireNonNull(executor, "the scorer is off");
  }

  /** Stops the embedding thread; pictures waiting are not scored (their callers get them unscored at once). */
  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
    waiting.forEach(embedded -> embedded.completeExceptionally(new IllegalStateException("the scorer was closed")));
  }
}

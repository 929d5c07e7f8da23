package io.rolemarket.imagebot.core.review;

import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.HistoryLog;
import io.rolemarket.imagebot.core.store.ImageStore;
import io.rolemarket.imagebot.core.store.ReviewStore;
import io.rolemarket.imagebot.core.store.ReviewStore.Decision;
import io.rolemarket.imagebot.core.store.ReviewStore.Outcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Submission;
import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
import io.rolemarket.imagebot.core.store.ReviewStore.Vote;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The review use cases on the store ports: submit a picture from a user's history, vote, list pending and
 * approved designs, and hand approved ones off. {@code ImageBot} builds it and is the way in.
 *
 * <p>Safe for concurrent use. Votes are judged and stored under one lock, so two votes pressed at once
 * cannot both miss the decision they make together (one bot process per database).
 */
public final class ReviewDesk {
  /** The decider recorded for decisions the rule made. */
  public static final String RULE = "rule:review";

  private final ReviewStore reviews;
  private final HistoryLog history;
  private final ImageStore images;
  private final Function<String, String> modelOf;
  private final ReviewRules rules;
  private final HandOff handOff;
  private final Clock clock;
  private final ReentrantLock voting = new ReentrantLock();

  /**
   * A desk over these ports.
   *
   * @param modelOf a provider id's model name (empty when unknown)
   */
  public ReviewDesk(ReviewStore reviews, HistoryLog history, ImageStore images, Function<String, String> modelOf,
      ReviewRules rules, HandOff handOff, Clock clock) {
    this.reviews = Objects.requireNonNull(reviews, "reviews");
    this.history = Objects.requireNonNull(history, "history");
    this.images = Objects.requireNonNull(images, "images");
    this.modelOf = Objects.requireNonNull(modelOf, "modelOf");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.handOff = Objects.requireNonNull(handOff, "handOff");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Who may vote and when votes decide. */
  public ReviewRules rules() {
    return rules;
  }

  /** Puts {@code requester}'s history entry {@code historyId} up for review. */
  public SubmitOutcome submit(UserRef requester, long historyId) {
    if (!rules.enabled()) {
      return new SubmitOutcome.NotSetUp();
    }
    Optional<HistoryEntry> found = history.entry(requester.key(), historyId);
    if (found.isEmpty() || found.get().images().isEmpty()) {
      return new SubmitOutcome.NotFound(historyId);
    }
    HistoryEntry entry = found.get();
    voting.lock();
    try {
      for (Submission waiting : reviews.undecided(1000)) {
        if (waiting.historyId() == historyId && waiting.submitterKey().equals(requester.key())) {
          return new SubmitOutcome.AlreadyInReview(design(waiting, entry));
        }
      }
      long id = reviews.submit(new Submission(0, requester.key(), historyId, entry.images().get(0).sha256(),
          entry.character() + " " + entry.theme(), clock.instant()));
      Submission submission = reviews.submission(id).orElseThrow();
      return new SubmitOutcome.Submitted(design(submission, entry));
    } finally {
      voting.unlock();
    }
  }

  /**
   * {@code voter}'s verdict on a design, with an optional note. A non-reviewer, a repeated vote and a vote
   * after the decision change nothing; a vote that decides stores the decision and, for an approval, hands
   * the design off.
   */
  public VoteOutcome vote(UserRef voter, long submissionId, Verdict verdict, String note) {
    Ruling ruling;
    Design after;
    voting.lock();
    try {
      Optional<Submission> submission = reviews.submission(submissionId);
      Optional<Design> before = submission.flatMap(this::design);
      if (before.isEmpty()) {
        return new VoteOutcome.NoSuchDesign(submissionId);
      }
      Decision decided = before.get().decision();
      Vote ballot = new Vote(submissionId, voter.key(), verdict, note.strip(), clock.instant());
      ruling = rules.judge(reviews.votes(submissionId), decided == null ? null : decided.outcome(), ballot);
      switch (ruling) {
        case Ruling.Counted counted -> reviews.vote(ballot);
        case Ruling.Decides decides -> {
          reviews.vote(ballot);
          reviews.decide(new Decision(submissionId, decides.outcome(), RULE, decides.reason().code(),
              clock.instant()));
        }
        case Ruling.NotAReviewer notAReviewer -> { }
        case Ruling.Unchanged unchanged -> { }
        case Ruling.TooLate tooLate -> { }
      }
      after = design(submission.get()).orElseThrow();
    } finally {
      voting.unlock();
    }
    if (ruling instanceof Ruling.Decides decides && decides.outcome() == Outcome.APPROVED) {
      handOff.deliver(after, pictures(after.entry()));
    }
    return new VoteOutcome.Voted(ruling, after);
  }

  /** The design with this number, if it exists and its picture is still in the history. */
  public Optional<Design> design(long submissionId) {
    return reviews.submission(submissionId).flatMap(this::design);
  }

  /** Designs waiting for a decision, oldest first, at most {@code limit}. */
  public List<Design> pending(int limit) {
    return reviews.undecided(limit).stream().flatMap(submission -> design(submission).stream()).toList();
  }

  /**
   * Approved designs, newest decision first, at most {@code limit}, of this character and theme when
   * given (any case).
   */
  public List<Design> approved(@Nullable String character, @Nullable String theme, int limit) {
    List<Design> found = new ArrayList<>();
    for (Submission submission : reviews.decided(Outcome.APPROVED, 1000)) {
      Optional<Design> design = design(submission);
      if (design.isPresent() && matches(character, design.get().entry().character())
          && matches(theme, design.get().entry().theme())) {
        found.add(design.get());
        if (found.size() >= limit) {
          break;
        }
      }
    }
    return List.copyOf(found);
  }

  /** Remembers where a design was posted on a platform. */
  public void rememberPost(long submissionId, String platform, String postRef) {
    reviews.rememberPost(submissionId, platform, postRef);
  }

  /** Where a design was posted on a platform, if it was. */
  public Optional<String> post(long submissionId, String platform) {
    return reviews.post(submissionId, platform);
  }

  private static boolean matches(@Nullable String wanted, String actual) {
    return wanted == null || wanted.isBlank() || wanted.strip().toLowerCase(Locale.ROOT).equals(actual);
  }

  private Optional<Design> design(Submission submission) {
    return history.entry(submission.submitterKey(), submission.historyId()).map(entry -> design(submission, entry));
  }

  private Design design(Submission submission, HistoryEntry entry) {
    Tally tally = new Tally(reviews.votes(submission.id()));
    Long seed = entry.images().isEmpty() ? null : images.seedOf(entry.images().get(0).sha256()).orElse(null);
    return new Design(submission, entry, modelOf.apply(entry.providerId()), seed, tally,
        reviews.decision(submission.id()).orElse(null));
  }

  private List<GeneratedImage> pictures(HistoryEntry entry) {
    List<GeneratedImage> pictures = new ArrayList<>();
    for (StoredImage image : entry.images()) {
      byte[] bytes = images.read(image.sha256()).orElseThrow(() -> new IllegalStateException(
          "the approved picture " + image.sha256() + " is no longer in the image store"));
      pictures.add(new GeneratedImage(bytes, image.format(), image.width(), image.height(),
          images.seedOf(image.sha256()).orElse(null)));
    }
    return pictures;
  }
}

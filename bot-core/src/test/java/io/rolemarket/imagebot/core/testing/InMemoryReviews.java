package io.rolemarket.imagebot.core.testing;

import io.rolemarket.imagebot.core.store.ReviewStore.Action;
import io.rolemarket.imagebot.core.store.ReviewStore.AuditEntry;
import io.rolemarket.imagebot.core.store.ReviewStore.Decision;
import io.rolemarket.imagebot.core.store.ReviewStore.Outcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Submission;
import io.rolemarket.imagebot.core.store.ReviewStore.Vote;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The review records ({@code ReviewStore}) of {@link InMemoryStore}, behind one lock. Safe for concurrent use. */
final class InMemoryReviews {
  private final Map<Long, Submission> submissions = new LinkedHashMap<>();
  private final Map<Long, Map<String, Vote>> votes = new HashMap<>();
  private final Map<Long, Decision> decisions = new HashMap<>();
  private final List<AuditEntry> audit = new ArrayList<>();
  private final Map<String, String> posts = new HashMap<>();
  private long nextId = 1;

  synchronized long submit(Submission submission) {
    long id = nextId++;
    submissions.put(id, new Submission(id, submission.submitterKey(), submission.historyId(), submission.sha256(),
        submission.caption(), submission.at()));
    audit.add(new AuditEntry(id, submission.submitterKey(), Action.SUBMITTED, submission.caption(), submission.at()));
    return id;
  }

  synchronized Optional<Submission> submission(long id) {
    return Optional.ofNullable(submissions.get(id));
  }

  synchronized List<Submission> undecided(int limit) {
    return submissions.values().stream().filter(s -> !decisions.containsKey(s.id())).limit(limit).toList();
  }

  synchronized boolean vote(Vote vote) {
    if (!submissions.containsKey(vote.submissionId()) || decisions.containsKey(vote.submissionId())) {
      return false;
    }
    Map<String, Vote> cast = votes.computeIfAbsent(vote.submissionId(), id -> new LinkedHashMap<>());
    cast.put(vote.reviewerKey(), vote);
    audit.add(new AuditEntry(vote.submissionId(), vote.reviewerKey(), Action.VOTED,
        vote.verdict().name().toLowerCase(Locale.ROOT), vote.at()));
    return true;
  }

  synchronized List<Vote> votes(long submissionId) {
    return List.copyOf(votes.getOrDefault(submissionId, Map.of()).values());
  }

  synchronized boolean decide(Decision decision) {
    if (!submissions.containsKey(decision.submissionId()) || decisions.containsKey(decision.submissionId())) {
      return false;
    }
    decisions.put(decision.submissionId(), decision);
    audit.add(new AuditEntry(decision.submissionId(), decision.deciderKey(), Action.DECIDED,
        decision.outcome().name().toLowerCase(Locale.ROOT), decision.at()));
    return true;
  }

  synchronized List<Submission> decided(Outcome outcome, int limit) {
    return decisions.values().stream().filter(decision -> decision.outcome() == outcome)
        .sorted(Comparator.comparing(Decision::at).thenComparing(Decision::submissionId).reversed())
        .limit(limit).map(decision -> submissions.get(decision.submissionId())).toList();
  }

  synchronized void rememberPost(long submissionId, String platform, String postRef) {
    posts.put(submissionId + "/" + platform, postRef);
  }

  synchronized Optional<String> post(long submissionId, String platform) {
    return Optional.ofNullable(posts.get(submissionId + "/" + platform));
  }

  synchronized Optional<Decision> decision(long submissionId) {
    return Optional.ofNullable(decisions.get(submissionId));
  }

  synchronized List<AuditEntry> audit(long submissionId) {
    return audit.stream().filter(entry -> entry.submissionId() == submissionId).toList();
  }
}

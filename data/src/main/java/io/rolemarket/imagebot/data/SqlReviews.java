package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.store.ReviewStore.Action;
import io.rolemarket.imagebot.core.store.ReviewStore.AuditEntry;
import io.rolemarket.imagebot.core.store.ReviewStore.Decision;
import io.rolemarket.imagebot.core.store.ReviewStore.Outcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Submission;
import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
import io.rolemarket.imagebot.core.store.ReviewStore.Vote;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Review records ({@code ReviewStore}). A vote is one upsert guarded by "not decided" in the
 * same statement, a decision one insert that loses to an earlier one, each with its audit line in the
 * same transaction. Safe for concurrent use.
 */
final class SqlReviews {
  private static final String SUBMISSION_COLUMNS = "id, submitter_key, history_id, sha256, caption, submitted_at";

  private final Database db;

  SqlReviews(Database db) {
    this.db = db;
  }

  long submit(Submission submission) {
    return db.write(c -> {
      long id = Sql.number(c, "INSERT INTO review_submissions (submitter_key, history_id, sha256, caption, "
          + "submitted_at) VALUES (?, ?, ?, ?, ?) RETURNING id", submission.submitterKey(), submission.historyId(),
          submission.sha256(), submission.caption(), submission.at().toString());
      audit(c, id, submission.submitterKey(), Action.SUBMITTED, submission.caption(), submission.at());
      return id;
    });
  }

  Optional<Submission> submission(long submissionId) {
    return db.read(c -> Sql.first(c, "SELECT " + SUBMISSION_COLUMNS + " FROM review_submissions WHERE id = ?",
        SqlReviews::submission, submissionId));
  }

  List<Submission> undecided(int limit) {
    return db.read(c -> Sql.list(c, "SELECT " + SUBMISSION_COLUMNS + " FROM review_submissions WHERE id NOT IN "
        + "(SELECT submission_id FROM review_decisions) ORDER BY id LIMIT ?", SqlReviews::submission, limit));
  }

  List<Submission> decided(Outcome outcome, int limit) {
    return db.read(c -> Sql.list(c, "SELECT s.id, s.submitter_key, s.history_id, s.sha256, s.caption, s.submitted_at "
            + "FROM review_submissions s JOIN review_decisions d ON d.submission_id = s.id WHERE d.outcome = ? "
            + "ORDER BY d.at DESC, s.id DESC LIMIT ?",
        SqlReviews::submission, outcome.name().toLowerCase(Locale.ROOT), limit));
  }

  void rememberPost(long submissionId, String platform, String postRef) {
    db.write(c -> Sql.update(c, "INSERT INTO review_posts (submission_id, platform, post_ref, updated_at) "
        + "VALUES (?, ?, ?, ?) ON CONFLICT (submission_id, platform) DO UPDATE SET post_ref = excluded.post_ref, "
        + "updated_at = excluded.updated_at", submissionId, platform, postRef, db.now().toString()));
  }

  Optional<String> post(long submissionId, String platform) {
    return db.read(c -> Sql.first(c, "SELECT post_ref FROM review_posts WHERE submission_id = ? AND platform = ?",
        row -> row.getString(1), submissionId, platform));
  }

  boolean vote(Vote vote) {
    String verdict = vote.verdict().name().toLowerCase(Locale.ROOT);
    return audited(vote.submissionId(), vote.reviewerKey(), Action.VOTED, verdict, vote.at(), c -> Sql.update(c,
        "INSERT INTO review_votes (submission_id, reviewer_key, verdict, comment, first_at, at) "
            + "SELECT id, ?, ?, ?, ?, ? FROM review_submissions WHERE id = ? "
            + "AND id NOT IN (SELECT submission_id FROM review_decisions) "
            + "ON CONFLICT (submission_id, reviewer_key) DO UPDATE SET verdict = excluded.verdict, "
            + "comment = excluded.comment, at = excluded.at",
        vote.reviewerKey(), verdict, vote.comment(), vote.at().toString(), vote.at().toString(),
        vote.submissionId()));
  }

  List<Vote> votes(long submissionId) {
    return db.read(c -> Sql.list(c, "SELECT reviewer_key, verdict, comment, at FROM review_votes "
            + "WHERE submission_id = ? ORDER BY first_at, reviewer_key",
        row -> new Vote(submissionId, row.getString(1), Verdict.valueOf(row.getString(2).toUpperCase(Locale.ROOT)),
            row.getString(3), Instant.parse(row.getString(4))), submissionId));
  }

  boolean decide(Decision decision) {
    String outcome = decision.outcome().name().toLowerCase(Locale.ROOT);
    return audited(decision.submissionId(), decision.deciderKey(), Action.DECIDED, outcome, decision.at(),
        c -> Sql.update(c, "INSERT INTO review_decisions (submission_id, outcome, decider_key, reason, at) "
            + "SELECT id, ?, ?, ?, ? FROM review_submissions WHERE id = ? ON CONFLICT DO NOTHING",
            outcome, decision.deciderKey(), decision.reason(), decision.at().toString(), decision.submissionId()));
  }

  Optional<Decision> decision(long submissionId) {
    return db.read(c -> Sql.first(c, "SELECT outcome, decider_key, reason, at FROM review_decisions "
            + "WHERE submission_id = ?",
        row -> new Decision(submissionId, Outcome.valueOf(row.getString(1).toUpperCase(Locale.ROOT)),
            row.getString(2), row.getString(3), Instant.parse(row.getString(4))), submissionId));
  }

  List<AuditEntry> audit(long submissionId) {
    return db.read(c -> Sql.list(c, "SELECT actor_key, action, detail, at FROM review_audit "
            + "WHERE submission_id = ? ORDER BY id",
        row -> new AuditEntry(submissionId, row.getString(1), Action.valueOf(row.getString(2).toUpperCase(Locale.ROOT)),
            row.getString(3), Instant.parse(row.getString(4))), submissionId));
  }

  /**
   * Runs {@code change} (a vote or a decision, returning the rows it changed) with its audit line in one transaction;
   * returns whether it changed anything. The submission's row is locked first, so votes and the decision on one
   * submission go one at a time and no vote lands after the decision.
   */
  private boolean audited(long submissionId, String actor, Action action, String detail, Instant at,
      Database.Work<Integer> change) {
    return db.write(c -> {
      Sql.list(c, "SELECT id FROM review_submissions WHERE id = ?" + db.dialect().forUpdate(), row -> row.getLong(1),
          submissionId);
      boolean changed = change.run(c) > 0;
      if (changed) {
        audit(c, submissionId, actor, action, detail, at);
      }
      return changed;
    });
  }

  private static void audit(Connection c, long submissionId, String actor, Action action, String detail, Instant at)
      throws SQLException {
    Sql.update(c, "INSERT INTO review_audit (submission_id, actor_key, action, detail, at) VALUES (?, ?, ?, ?, ?)",
        submissionId, actor, action.name().toLowerCase(Locale.ROOT), detail, at.toString());
  }

  private static Submission submission(java.sql.ResultSet row) throws SQLException {
    return new Submission(row.getLong(1), row.getString(2), row.getLong(3), row.getString(4), row.getString(5),
        Instant.parse(row.getString(6)));
  }
}

package io.rolemarket.imagebot.core.generate;

import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.route.RouteOutcome;
import io.rolemarket.imagebot.core.store.JobOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gathers one routed job's story from its progress events, for the journal ({@link JobOutcome}): the providers
 * that failed before another was tried ({@code FellBack}), the rate limits retried ({@code Retrying}), and which
 * provider was being tried last, which the router's final failure belongs to. Safe for concurrent use: a split
 * request reports from several threads.
 */
final class JobStory {
  private final List<String> attempts = new ArrayList<>();
  private final AtomicInteger retriedRateLimits = new AtomicInteger();
  private volatile String trying = "";

  /** Notes {@code event}. */
  void on(ProgressEvent event) {
    switch (event) {
      case ProgressEvent.Routed routed -> trying = routed.providerIds().isEmpty() ? "" : routed.providerIds().get(0);
      case ProgressEvent.Started started -> trying = started.providerId();
      case ProgressEvent.Retrying retrying -> {
        if (retrying.failure() instanceof ProviderFailure.RateLimited) {
          retriedRateLimits.incrementAndGet();
        }
      }
      case ProgressEvent.FellBack fellBack -> {
        synchronized (attempts) {
          attempts.add(JobOutcome.attempt(fellBack.fromProviderId(), fellBack.failure()));
        }
        trying = fellBack.toProviderId();
      }
      default -> { }
    }
  }

  /** The outcome of pictures from {@code delivered}, {@code asked} of them wanted, after {@code generation}. */
  JobOutcome delivered(RouteOutcome.Delivered delivered, int asked, Duration generation) {
    JobOutcome.Kind kind = delivered.images().size() < asked ? JobOutcome.Kind.PARTIAL : JobOutcome.Kind.SUCCEEDED;
    return outcome(kind, delivered.provider().id(), attempts(), generation);
  }

  /** The outcome of a request no provider answered. */
  JobOutcome exhausted(RouteOutcome.Exhausted exhausted, Duration generation) {
    List<String> tried = attempts();
    List<ProviderFailure> failures = exhausted.failures();
    // Every failure but the last was reported as the router fell back from it; the last is the lane tried last.
    if (failures.size() > tried.size() && !trying.isEmpty()) {
      tried.add(JobOutcome.attempt(trying, failures.getLast()));
    }
    JobOutcome.Kind kind = switch (exhausted.reason()) {
      case Refusal.BudgetUsedUp used -> JobOutcome.Kind.OVER_BUDGET;
      case Refusal.SpendCapReached cap -> JobOutcome.Kind.OVER_BUDGET;
      case Refusal other -> JobOutcome.Kind.REFUSED;
      case Failure.PastDeadline past -> JobOutcome.Kind.PAST_DEADLINE;
      case Failure.Cancelled cancelled -> JobOutcome.Kind.CANCELLED;
      case Failure other -> !failures.isEmpty() && failures.getLast() instanceof ProviderFailure.ContentRejected
          ? JobOutcome.Kind.REJECTED : JobOutcome.Kind.FAILED;
    };
    return outcome(kind, "", tried, generation);
  }

  /** The outcome of a request the user cancelled. */
  JobOutcome cancelled(Duration generation) {
    return outcome(JobOutcome.Kind.CANCELLED, "", attempts(), generation);
  }

  /** The outcome of a request whose routing threw (a bug): failed, the provider being tried named as crashed. */
  JobOutcome crashed(Duration generation) {
    List<String> tried = attempts();
    if (!trying.isEmpty()) {
      tried.add(trying + ":crashed");
    }
    return outcome(JobOutcome.Kind.FAILED, "", tried, generation);
  }

  private JobOutcome outcome(JobOutcome.Kind kind, String providerId, List<String> tried, Duration generation) {
    long finalRateLimits = tried.stream().filter(code -> code.endsWith(":rate_limited")).count();
    return new JobOutcome(kind, providerId, tried, retriedRateLimits.get() + (int) finalRateLimits, generation);
  }

  private List<String> attempts() {
    synchronized (attempts) {
      return new ArrayList<>(attempts);
    }
  }
}

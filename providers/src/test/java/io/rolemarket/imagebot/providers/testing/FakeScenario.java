package io.rolemarket.imagebot.providers.testing;

import java.time.Duration;

/**
 * What a provider fake does with the next generation call. Each fake speaks these in its own wire format;
 * fakes add their own cases (model loading, region refusal, safety block) as further implementations.
 */
public interface FakeScenario {
  /** Answers with images. */
  FakeScenario SUCCESS = new Success();
  /** Refuses the credentials the way the provider does (usually 401), echoing the auth header back. */
  FakeScenario UNAUTHORIZED = new Unauthorized();
  /** A 5xx the way the provider sends it. */
  FakeScenario SERVER_ERROR = new ServerError();
  /** 200 with a body that is not what the provider promises (bad JSON, no image). */
  FakeScenario MALFORMED = new Malformed();

  /** Answers with images. */
  record Success() implements FakeScenario {}

  /** Credentials refused. */
  record Unauthorized() implements FakeScenario {}

  /** A 5xx. */
  record ServerError() implements FakeScenario {}

  /** A malformed 200. */
  record Malformed() implements FakeScenario {}

  /** Rate-limited, asking the client to wait {@code delay} in the provider's own way. */
  record RateLimited(Duration delay) implements FakeScenario {}

  /** A 200 whose body declares and streams {@code bytes} bytes. */
  record Oversized(long bytes) implements FakeScenario {}

  /** A successful answer whose body starts only after {@code delay}. */
  record SlowBody(Duration delay) implements FakeScenario {}

  /**
   * The job is done at once but polls keep saying it runs; its final state is posted to the webhook URL
   * the client sent (retried up to 3 times while the answer is not 200). {@code genuine} false posts a
   * forged call instead (a wrong token, or a wrong signature where the vendor signs), and polls then see
   * the job finish after a few rounds.
   */
  record Hooked(boolean genuine) implements FakeScenario {}
}

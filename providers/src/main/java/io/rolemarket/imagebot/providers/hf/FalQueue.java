package io.rolemarket.imagebot.providers.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.providers.http.CallFailed;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.HttpExchange;
import io.rolemarket.imagebot.providers.http.JobWait;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fal-ai job through the router's queue, run as the official client runs it
 * ({@code FalAiQueueTask.getResponseFromQueueApi}): the submit answers a {@code request_id} and fal's own
 * {@code response_url}; the status is read at the router, {@code {router}/fal-ai{path of
 * response_url}/status} with the submit's query ({@code ?_subdomain=queue}), until it leaves
 * {@code IN_QUEUE} and {@code IN_PROGRESS}; then the result is read at {@code {router}/fal-ai{path of
 * response_url}} with the same query. The token goes to the router only, never to fal's URL.
 *
 * <p>A status poll that fails passingly (5xx, a timeout) or is rate-limited is tolerated until the job's
 * deadline; a failed job is told by its result (fal answers the job's error there, such as a 422 or 500),
 * which is a failure of this call and is not fetched again. Confined to the calling thread: one per job.
 */
final class FalQueue {
  private static final Logger log = LoggerFactory.getLogger(FalQueue.class);
  private static final Set<String> WAITING = Set.of("", "IN_QUEUE", "IN_PROGRESS");
  private static final String LABEL = "Hugging Face (fal-ai)";

  private final OkHttpClient http;
  private final OkHttpClient pollHttp;
  private final ObjectMapper json;
  private final Endpoint router;
  private final JobWait wait;
  private final Function<HttpExchange.Answer, ProviderFailure> failure;

  /**
   * A queue reader.
   *
   * @param http the client for the result (the endpoint's timeout)
   * @param pollHttp the client for status polls (short calls)
   * @param wait how long a job may take and how often its status is read
   * @param failure what an error answer of the router means
   */
  FalQueue(OkHttpClient http, OkHttpClient pollHttp, ObjectMapper json, Endpoint router, JobWait wait,
      Function<HttpExchange.Answer, ProviderFailure> failure) {
    this.http = http;
    this.pollHttp = pollHttp;
    this.json = json;
    this.router = router;
    this.wait = wait;
    this.failure = failure;
  }

  /**
   * The result of the job that {@code submitted} (the submit's answer to {@code submitUrl}) names, once it
   * is done.
   *
   * @throws CallFailed when the submit named no job, the job's deadline passed, a poll failed for good,
   *     or the job failed
   * @throws InterruptedException when the call is cancelled (polling stops)
   */
  JsonNode result(HttpUrl submitUrl, JsonNode submitted, ProviderProgress progress)
      throws CallFailed, InterruptedException {
    JobWait.Timer timer = wait.start();
    String id = submitted.path("request_id").asText("");
    HttpUrl responseUrl = HttpUrl.parse(submitted.path("response_url").asText(""));
    if (id.isEmpty() || responseUrl == null) {
      log.warn("Hugging Face: fal-ai queue answered without a request id or response URL: {}",
          HttpExchange.excerpt(submitted.toString(), 120));
      throw CallFailed.transientFailure(LABEL + " queue answered without a request id");
    }
    HttpUrl statusUrl = throughRouter(submitUrl, responseUrl, true);
    HttpUrl resultUrl = throughRouter(submitUrl, responseUrl, false);
    String status = submitted.path("status").asText("");
    while (WAITING.contains(status)) {
      progress.report(-1, status.isEmpty() ? "submitted" : status);
      if (timer.expired()) {
        throw CallFailed.transientFailure(LABEL + " job " + id + " did not finish within " + wait.deadline()
            + " (last status " + (status.isEmpty() ? "unknown" : status) + ")");
      }
      timer.pause(Duration.ZERO);
      status = poll(statusUrl, status, timer);
    }
    HttpExchange.Answer result = HttpExchange.send(http, get(resultUrl), router.maxBodyBytes(), LABEL);
    if (!result.ok()) {
      log.info("Hugging Face: fal-ai job {} ended {} with HTTP {}", id, status, result.code());
      throw new CallFailed(failure.apply(result));
    }
    try {
      return json.readTree(result.body());
    } catch (IOException e) {
      log.warn("Hugging Face: fal-ai result of job {} is not JSON: {}", id, HttpExchange.excerpt(result.text(), 80));
      throw CallFailed.transientFailure(LABEL + " answered a malformed result");
    }
  }

  /** The job's next status; the previous one when the poll failed passingly. */
  private String poll(HttpUrl statusUrl, String previous, JobWait.Timer timer) throws CallFailed, InterruptedException {
    try {
      HttpExchange.Answer answer = HttpExchange.send(pollHttp, get(statusUrl), router.maxBodyBytes(), LABEL);
      if (!answer.ok()) {
        timer.tolerate(failure.apply(answer));
        return previous;
      }
      JsonNode status = json.readTree(answer.body()).path("status");
      if (status.isTextual()) {
        return status.asText();
      }
      log.debug("Hugging Face: fal-ai status without a status: {}", HttpExchange.excerpt(answer.text(), 80));
    } catch (CallFailed e) {
      timer.tolerate(e.failure());
    } catch (IOException e) {
      log.debug("Hugging Face: fal-ai status is not JSON");
    }
    return previous;
  }

  private Request get(HttpUrl url) {
    return new Request.Builder().url(url).header("Authorization", "Bearer " + router.key())
        .header("Accept", "application/json").get().build();
  }

  /**
   * Fal's {@code response_url} through the router: its path under {@code {router}/fal-ai}, with the
   * submit's query, as the official client rewrites it (fal names the app there, which may be shorter than
   * the model's path the submit went to).
   */
  private HttpUrl throughRouter(HttpUrl submitUrl, HttpUrl responseUrl, boolean status) {
    HttpUrl.Builder url = router.resolve(HfWire.FAL_AI).newBuilder();
    for (String segment : responseUrl.pathSegments()) {
      if (!segment.isEmpty()) {
        url.addPathSegment(segment);
      }
    }
    if (status) {
      url.addPathSegment("status");
    }
    return url.encodedQuery(submitUrl.encodedQuery()).build();
  }
}

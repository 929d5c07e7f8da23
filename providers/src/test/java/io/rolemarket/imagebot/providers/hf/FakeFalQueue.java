package io.rolemarket.imagebot.providers.hf;

import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * fal's queue behind the fake router, as the official {@code huggingface.js} client reads it: a submit to
 * {@code POST /fal-ai/{model path}?_subdomain=queue} answers {@code IN_QUEUE} with a {@code request_id}
 * and fal's {@code response_url}, {@code status_url} and {@code cancel_url}, which name the app (the
 * model path's first two segments), not the model path. Polls of
 * {@code GET /fal-ai/{app}/requests/{id}/status?_subdomain=queue} walk the job through its plan (202 while
 * {@code IN_QUEUE} or {@code IN_PROGRESS}, 200 once {@code COMPLETED}); {@code GET
 * /fal-ai/{app}/requests/{id}?_subdomain=queue} then answers the job's result, or its error as fal sends
 * it. fal answers its own queue host in those URLs; this fake answers its loopback root with fal's paths
 * instead, so a client that followed them instead of going through the router shows up as a problem
 * without leaving the machine. Safe for concurrent use.
 */
final class FakeFalQueue {
  private static final Pattern QUEUE_PATH = Pattern.compile("/fal-ai/(.+)/requests/([^/]+)(/status)?");

  /**
   * How one job goes.
   *
   * @param polls the statuses successive polls read (the last one repeats)
   * @param pollFailures how many polls first answer 503 with fal's request-error body
   * @param resultCode the result's HTTP status
   * @param resultBody the result's JSON
   */
  record Plan(List<String> polls, int pollFailures, int resultCode, String resultBody) {
    static Plan completes(String resultBody) {
      return new Plan(List.of("IN_QUEUE", "IN_PROGRESS", "COMPLETED"), 0, 200, resultBody);
    }
  }

  private record Job(String id, String app, Plan plan, HttpUrl responseUrl, AtomicInteger polls,
      AtomicInteger completed) {}

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final List<RecordedRequest> statusCalls = Collections.synchronizedList(new ArrayList<>());
  private final List<RecordedRequest> resultCalls = Collections.synchronizedList(new ArrayList<>());

  /** The submit's answer: a new job on {@code plan} for the model path of {@code request}. */
  MockResponse submit(RecordedRequest request, HttpUrl root, Plan plan) {
    String modelPath = request.getUrl().encodedPath().substring("/fal-ai/".length());
    String[] segments = modelPath.split("/");
    String app = segments.length >= 2 ? segments[0] + "/" + segments[1] : modelPath;
    String id = UUID.randomUUID().toString();
    HttpUrl responseUrl = root.resolve("/" + app + "/requests/" + id);
    jobs.put(id, new Job(id, app, plan, responseUrl, new AtomicInteger(), new AtomicInteger()));
    return json(200, "{\"status\":\"IN_QUEUE\",\"request_id\":\"" + id + "\","
        + urls(responseUrl) + ",\"queue_position\":0}");
  }

  /** The answer to a queue call, or null when {@code request} is not one. */
  @Nullable MockResponse answer(RecordedRequest request) {
    Matcher matcher = QUEUE_PATH.matcher(request.getUrl().encodedPath());
    if (!request.getMethod().equals("GET") || !matcher.matches()) {
      return null;
    }
    Job job = jobs.get(matcher.group(2));
    boolean status = matcher.group(3) != null;
    (status ? statusCalls : resultCalls).add(request);
    if (job == null) {
      problems.add("fal queue call for an unknown request: " + request.getTarget());
      return json(404, "{\"detail\":\"Request not found\"}");
    }
    if (!job.app().equals(matcher.group(1))) {
      problems.add("fal queue call not through the router as /fal-ai/" + job.app() + "/requests/...: "
          + request.getTarget());
    }
    if (!"queue".equals(request.getUrl().queryParameter("_subdomain"))) {
      problems.add("fal queue call without the submit's ?_subdomain=queue: " + request.getTarget());
    }
    if (!("Bearer " + FakeProviderServer.KEY).equals(request.getHeaders().get("Authorization"))) {
      problems.add("fal queue call without the bearer token: " + request.getTarget());
    }
    return status ? status(job) : result(job);
  }

  private MockResponse status(Job job) {
    int poll = job.polls().getAndIncrement();
    if (poll < job.plan().pollFailures()) {
      return new MockResponse.Builder().code(503).setHeader("Content-Type", "application/json")
          .setHeader("X-Fal-Error-Type", "runner_connection_error")
          .body("{\"detail\":\"Runner connection error\",\"error_type\":\"runner_connection_error\"}").build();
    }
    List<String> polls = job.plan().polls();
    String status = polls.get(Math.min(poll - job.plan().pollFailures(), polls.size() - 1));
    String extra = switch (status) {
      case "IN_QUEUE" -> ",\"queue_position\":0";
      case "COMPLETED" -> ",\"logs\":null,\"metrics\":{\"inference_time\":1.2}";
      default -> ",\"logs\":null";
    };
    if (status.equals("COMPLETED")) {
      job.completed().set(1);
    }
    return json(status.equals("COMPLETED") ? 200 : 202, "{\"status\":\"" + status
        + "\",\"request_id\":\"" + job.id() + "\"," + urls(job.responseUrl()) + extra + "}");
  }

  private MockResponse result(Job job) {
    if (job.completed().get() == 0) {
      problems.add("fal result read before the job completed: " + job.id());
      return json(400, "{\"detail\":\"Request is still in progress\"}");
    }
    return json(job.plan().resultCode(), job.plan().resultBody());
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  private static String urls(HttpUrl responseUrl) {
    return "\"response_url\":\"" + responseUrl + "\",\"status_url\":\"" + responseUrl + "/status\","
        + "\"cancel_url\":\"" + responseUrl + "/cancel\"";
  }

  List<String> problems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }

  List<RecordedRequest> statusCalls() {
    synchronized (statusCalls) {
      return List.copyOf(statusCalls);
    }
  }

  List<RecordedRequest> resultCalls() {
    synchronized (resultCalls) {
      return List.copyOf(resultCalls);
    }
  }
}

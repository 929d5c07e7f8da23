package io.rolemarket.imagebot.providers.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fields a job-based client reads from a job's JSON (a Replicate prediction, a RunPod job): the same
 * shape whether it came from the submit, a poll or a webhook.
 *
 * @param id the provider's job id
 * @param status the provider's state word ({@code processing}, {@code IN_QUEUE}, ...)
 * @param output the provider's output field as it came (missing when absent)
 * @param error the provider's error field as it came (missing or null when none): Replicate writes a
 *     string, a RunPod worker whatever its handler returned (a string, a list of input errors, ...)
 * @param job the whole job as it came, for what one provider adds (Replicate's {@code metrics}, RunPod's
 *     {@code executionTime})
 */
public record JobState(String id, String status, JsonNode output, JsonNode error, JsonNode job) {
  private static final Logger log = LoggerFactory.getLogger(JobState.class);

  /**
   * The job in {@code body}.
   *
   * @param label the provider's name for messages
   * @throws CallFailed (transient) when the body is not JSON or has no {@code id} or {@code status}
   */
  public static JobState read(ObjectMapper json, byte[] body, String label) throws CallFailed {
    try {
      JsonNode root = json.readTree(body);
      String id = root == null ? "" : root.path("id").asText("");
      String status = root == null ? "" : root.path("status").asText("");
      if (id.isEmpty() || status.isEmpty()) {
        throw new IOException("no id or status");
      }
      return new JobState(id, status, root.path("output"), root.path("error"), root);
    } catch (IOException e) {
      log.warn("{}: answer of {} bytes is not a job: {}", label, body.length,
          HttpExchange.excerpt(new String(body, StandardCharsets.UTF_8), 80));
      throw CallFailed.transientFailure(label + " answered malformed JSON");
    }
  }

  /** The error as text: a string as it is, a list's items joined with "; ", anything else as JSON; empty when none. */
  public String errorText() {
    if (error.isMissingNode() || error.isNull()) {
      return "";
    }
    if (error.isArray()) {
      List<String> items = new ArrayList<>();
      error.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
      return String.join("; ", items);
    }
    return error.isValueNode() ? error.asText() : error.toString();
  }
}

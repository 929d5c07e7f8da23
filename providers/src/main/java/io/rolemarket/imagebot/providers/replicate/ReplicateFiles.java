package io.rolemarket.imagebot.providers.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import io.rolemarket.imagebot.providers.http.CallFailed;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.HttpErrors;
import io.rolemarket.imagebot.providers.http.HttpExchange;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * A reference picture as a Replicate file input: a {@code data:} URI when it is under 1 MiB (Replicate recommends data
 * URIs only below 1 MB), else uploaded once with {@code POST /v1/files} (multipart, the picture as {@code content})
 * and named by the file's {@code urls.get}, remembered by the picture's SHA-256 until shortly before the file
 * expires (an hour when the answer does not say). Safe for concurrent use.
 */
final class ReplicateFiles {
  /** The largest picture sent inline. */
  static final int MAX_DATA_URI_BYTES = 1 << 20;
  private static final Duration KEEP = Duration.ofHours(1);
  private static final Duration MARGIN = Duration.ofMinutes(5);
  private static final String LABEL = "Replicate";

  private final OkHttpClient http;
  private final ObjectMapper json;
  private final Endpoint endpoint;
  private final Clock clock;
  private final Map<String, Uploaded> uploaded = new ConcurrentHashMap<>();

  private record Uploaded(String url, Instant until) {}

  ReplicateFiles(OkHttpClient http, ObjectMapper json, Endpoint endpoint, Clock clock) {
    this.http = http;
    this.json = json;
    this.endpoint = endpoint;
    this.clock = clock;
  }

  /**
   * What a model's file input is given for {@code picture}.
   *
   * @throws CallFailed when the upload fails, as Replicate's answer says (429 and 5xx passing, 401 naming the token)
   */
  String input(byte[] picture) throws CallFailed, InterruptedException {
    ImageFormat format = ImageFormat.sniff(picture).orElse(ImageFormat.PNG);
    if (picture.length < MAX_DATA_URI_BYTES) {
      return "data:" + format.mediaType() + ";base64," + Base64.getEncoder().encodeToString(picture);
    }
    String hash = sha256(picture);
    Uploaded known = uploaded.get(hash);
    if (known != null && clock.instant().isBefore(known.until())) {
      return known.url();
    }
    Uploaded fresh = upload(picture, format);
    uploaded.put(hash, fresh);
    return fresh.url();
  }

  private Uploaded upload(byte[] picture, ImageFormat format) throws CallFailed, InterruptedException {
    RequestBody form = new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart("content", "reference." + format.extension(),
            RequestBody.create(picture, MediaType.get(format.mediaType())))
        .build();
    Request call = new Request.Builder().url(endpoint.resolve("v1/files"))
        .header("Authorization", "Bearer " + endpoint.key()).post(form).build();
    HttpExchange.Answer answer = HttpExchange.send(http, call, 64 * 1024, LABEL);
    if (!answer.ok()) {
      String detail = answer.code() == 401 ? "" : HttpErrors.detail(json, answer);
      throw new CallFailed(HttpErrors.byStatus(answer, LABEL + " file upload", endpoint, detail, clock));
    }
    JsonNode file;
    try {
      file = json.readTree(answer.body());
    } catch (IOException e) {
      throw CallFailed.transientFailure(LABEL + " answered the file upload with malformed JSON");
    }
    HttpUrl url = HttpUrl.parse(file.path("urls").path("get").asText(""));
    if (url == null) {
      throw CallFailed.transientFailure(LABEL + " answered the file upload without urls.get");
    }
    Instant until = clock.instant().plus(KEEP);
    try {
      Instant expires = Instant.parse(file.path("expires_at").asText(""));
      until = expires.minus(MARGIN).isBefore(until) ? expires.minus(MARGIN) : until;
    } catch (DateTimeParseException e) {
      // no expiry given: an hour
    }
    return new Uploaded(url.toString(), until);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

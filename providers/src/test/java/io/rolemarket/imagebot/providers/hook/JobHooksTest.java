package io.rolemarket.imagebot.providers.hook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.providers.testing.LoopbackHooks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** One unguessable callback per job: delivered calls wake the job; guesses, closed jobs and bad signatures are refused. */
class JobHooksTest {
  private static final HttpUrl BASE = HttpUrl.get("https://bot.example.org/hooks/");
  private static final byte[] BODY = "{\"status\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8);

  private final JobHooks hooks = new JobHooks(BASE);

  @Test
  void open_givesEachJobItsOwnUnguessablePathUnderTheBase() {
    JobHooks.Hook first = hooks.open("ttapi", null);
    JobHooks.Hook second = hooks.open("ttapi", null);

    assertTrue(first.url().toString().matches("https://bot\\.example\\.org/hooks/ttapi/[A-Za-z0-9_-]{43}"),
        first.url().toString());
    assertNotEquals(first.url(), second.url());
    assertEquals(2, hooks.openCount());
  }

  @Test
  void deliveredCall_wakesTheWaitAndIsReadOnce() throws Exception {
    JobHooks.Hook hook = hooks.open("runpod", null);

    assertEquals(JobHooks.Delivery.ACCEPTED, hooks.deliver("runpod", token(hook), name -> null, BODY));

    assertTrue(hook.await(TimeUnit.SECONDS.toNanos(5)));
    assertTrue(hook.await(0), "waiting does not consume the call");
    assertArrayEquals(BODY, hook.take());
    assertNull(hook.take());
    assertFalse(hook.await(TimeUnit.MILLISECONDS.toNanos(1)));
  }

  @Test
  void guessedTokenOtherProviderOrClosedHook_unknown() {
    JobHooks.Hook hook = hooks.open("ttapi", null);

    assertEquals(JobHooks.Delivery.UNKNOWN, hooks.deliver("ttapi", "guessed", name -> null, BODY));
    assertEquals(JobHooks.Delivery.UNKNOWN, hooks.deliver("runpod", token(hook), name -> null, BODY));
    assertEquals(JobHooks.Delivery.UNKNOWN, hooks.deliver("../ttapi", token(hook), name -> null, BODY));
    hook.close();
    assertEquals(JobHooks.Delivery.UNKNOWN, hooks.deliver("ttapi", token(hook), name -> null, BODY));
    assertEquals(0, hooks.openCount());
  }

  @Test
  void failedVendorCheck_refusedAndNotDelivered() {
    JobHooks.Hook hook = hooks.open("replicate", (header, body) -> "good".equals(header.apply("webhook-signature")));

    assertEquals(JobHooks.Delivery.REFUSED, hooks.deliver("replicate", token(hook), name -> "bad", BODY));
    assertNull(hook.take());
    assertEquals(JobHooks.Delivery.ACCEPTED, hooks.deliver("replicate", token(hook), name -> "good", BODY));
    assertArrayEquals(BODY, hook.take());
  }

  @Test
  void plainHttpBase_onlyOnLoopback() {
    assertThrows(IllegalArgumentException.class, () -> new JobHooks(HttpUrl.get("http://bot.example.org/hooks/")));
    assertEquals("127.0.0.1", new JobHooks(HttpUrl.get("http://127.0.0.1:8090/")).publicBase().host());
  }

  @Test
  void server_answersByOutcome_andNeverLogsAToken() throws Exception {
    OkHttpClient http = new OkHttpClient();
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    try (LoopbackHooks receiver = LoopbackHooks.start()) {
      JobHooks.Hook hook = receiver.hooks().open("ttapi", null);
      HttpUrl local = HttpUrl.get("http://127.0.0.1:" + receiver.port() + "/");
      HttpUrl behindAProxy = local.newBuilder().addPathSegments("imagebot/ttapi").addPathSegment(token(hook)).build();

      List<Integer> codes = List.of(
          post(http, hook.url(), BODY),
          post(http, behindAProxy, BODY),
          post(http, local.resolve("/hooks/ttapi/not-" + token(hook)), BODY),
          post(http, hook.url(), new byte[(1 << 20) + 1]),
          code(http, new Request.Builder().url(hook.url()).get().build()),
          post(http, local, BODY));

      assertEquals(List.of(200, 200, 404, 413, 405, 404), codes);
      byte[] first = hook.take();
      assertArrayEquals(BODY, first);
      assertArrayEquals(BODY, hook.take());
    } finally {
      System.setErr(saved);
    }
    String logged = logs.toString(StandardCharsets.UTF_8);
    assertTrue(logged.contains("refused a ttapi webhook call for a callback that is not open"), logged);
    assertFalse(logged.contains("not-"), logged);
  }

  private static int post(OkHttpClient http, HttpUrl url, byte[] body) throws Exception {
    return code(http, new Request.Builder().url(url).post(RequestBody.create(body, null)).build());
  }

  private static int code(OkHttpClient http, Request request) throws Exception {
    try (Response response = http.newCall(request).execute()) {
      return response.code();
    }
  }

  private static String token(JobHooks.Hook hook) {
    return hook.url().pathSegments().get(hook.url().pathSize() - 1);
  }
}

package io.rolemarket.imagebot.providers.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OpenAI beyond the contract: moderation, region, quota, URL answers, sizes. */
class OpenAiImagesProviderTest {
  private final FakeOpenAiServer fake = new FakeOpenAiServer();
  private final OpenAiImagesProvider openai = new OpenAiImagesProvider(new OkHttpClient(), new ObjectMapper(),
      new Endpoint(fake.url(), FakeProviderServer.KEY, "OPENAI_API_KEY", Duration.ofSeconds(2), 1024 * 1024),
      OpenAiImagesProvider.DEFAULT_MODEL, Clock.systemUTC());

  @AfterEach
  void noProblems() {
    try {
      assertEquals(List.of(), fake.problems());
    } finally {
      fake.close();
    }
  }

  private ProviderResult generate() throws InterruptedException {
    return openai.generate(new ProviderRequest("Lulu Pig", "", 1, AspectRatio.WIDE, null, null), ProviderProgress.NONE);
  }

  @Test
  void moderationBlocked_contentRejected() throws Exception {
    fake.then(new FakeOpenAiServer.ApiError(400, "moderation_blocked", "image_generation_user_error"));
    assertInstanceOf(ProviderFailure.ContentRejected.class, generate());
  }

  @Test
  void unsupportedCountry_regionUnavailable() throws Exception {
    fake.then(new FakeOpenAiServer.ApiError(403, "unsupported_country_region_territory", "request_forbidden"));
    assertInstanceOf(ProviderFailure.RegionUnavailable.class, generate());
  }

  @Test
  void insufficientQuota_outOfCreditNotRateLimited() throws Exception {
    fake.then(new FakeOpenAiServer.ApiError(429, "insufficient_quota", "insufficient_quota"));
    assertEquals("OPENAI_API_KEY", assertInstanceOf(ProviderFailure.OutOfCredit.class, generate()).setting());
  }

  @Test
  void urlAnswer_fetched() throws Exception {
    fake.then(new FakeOpenAiServer.UrlAnswer());
    assertInstanceOf(ProviderResult.Images.class, generate());
  }

  @Test
  void wideRequest_landscapeSize() throws Exception {
    generate();
    assertEquals("1536x1024", new ObjectMapper().readTree(fake.calls().get(0).getBody().utf8()).path("size").asText());
  }
}

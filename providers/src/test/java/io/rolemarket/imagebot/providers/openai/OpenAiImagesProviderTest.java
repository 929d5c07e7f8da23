package io.rolemarket.imagebot.providers.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OpenAI beyond the contract: moderation, region, quota, URL answers, sizes, the cost from {@code usage}. */
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
  void usage_reportedCostIsTheTokensAtGptImage1Prices() throws Exception {
    ProviderResult.Images images = assertInstanceOf(ProviderResult.Images.class, generate());

    // 31 text tokens at $5/M plus 1,584 output tokens (one 1536x1024 medium image) at $40/M
    assertEquals(CostSource.REPORTED, images.costSource());
    assertEquals(0, new BigDecimal("0.063515").compareTo(images.costUsd(openai.info())), images.reportedCostUsd()
        .toPlainString());
  }

  @Test
  void theBudgetHoldsTheCeiling_theReportedCostNeverPassesIt_andItIsNotFarAbove() throws Exception {
    for (AspectRatio shape : AspectRatio.values()) {
      for (int count = 1; count <= 4; count++) {
        ProviderRequest request = new ProviderRequest("Lulu Pig, a round pink pig, at Halloween", "", count, shape,
            null, null);
        BigDecimal held = openai.mostUsd(request);
        BigDecimal reported = assertInstanceOf(ProviderResult.Images.class,
            openai.generate(request, ProviderProgress.NONE)).reportedCostUsd();

        assertTrue(reported.compareTo(held) <= 0, shape + " x" + count + ": reported " + reported + ", held " + held);
        assertTrue(held.subtract(reported).compareTo(new BigDecimal("0.001")) < 0,
            shape + " x" + count + ": held " + held + " is within a tenth of a cent of " + reported);
      }
    }
    assertTrue(openai.mostUsd(new ProviderRequest("Lulu", "", 1, AspectRatio.SQUARE, null, null))
        .compareTo(openai.info().costUsd(1)) >= 0, "never below the declared price");
  }

  @Test
  void usageWithImageInput_eachKindOfTokenAtItsPrice() throws Exception {
    fake.then(new FakeOpenAiServer.WithUsage(50, 1000, 4160));

    ProviderResult.Images images = assertInstanceOf(ProviderResult.Images.class, generate());

    // 50 x $5/M + 1,000 x $10/M + 4,160 x $40/M = $0.00025 + $0.01 + $0.1664
    assertEquals(0, new BigDecimal("0.17665").compareTo(images.reportedCostUsd()), images.reportedCostUsd()
        .toPlainString());
  }

  @Test
  void configuredPrices_changeTheReportedCost() throws Exception {
    OpenAiImagesProvider repriced = new OpenAiImagesProvider(new OkHttpClient(), new ObjectMapper(),
        new Endpoint(fake.url(), FakeProviderServer.KEY, "OPENAI_API_KEY", Duration.ofSeconds(2), 1024 * 1024),
        OpenAiImagesProvider.DEFAULT_MODEL, Clock.systemUTC(),
        new OpenAiPrices(new BigDecimal("2"), new BigDecimal("4"), new BigDecimal("20")));

    ProviderResult result = repriced.generate(new ProviderRequest("Lulu Pig", "", 1, AspectRatio.SQUARE, null, null),
        ProviderProgress.NONE);

    // 31 x $2/M + 1,056 x $20/M
    assertEquals(0, new BigDecimal("0.021182").compareTo(
        assertInstanceOf(ProviderResult.Images.class, result).reportedCostUsd()));
  }

  @Test
  void noUsage_declaredPrice() throws Exception {
    fake.then(new FakeOpenAiServer.NoUsage());

    ProviderResult.Images images = assertInstanceOf(ProviderResult.Images.class, generate());

    assertEquals(CostSource.DECLARED, images.costSource());
    assertEquals(openai.info().costUsd(1), images.costUsd(openai.info()));
  }

  @Test
  void wideRequest_landscapeSize() throws Exception {
    generate();
    assertEquals("1536x1024", new ObjectMapper().readTree(fake.calls().get(0).getBody().utf8()).path("size").asText());
  }

  @Test
  void edit_reportedCostCountsThePictureAndNeverPassesWhatWasHeld() throws Exception {
    for (AspectRatio shape : AspectRatio.values()) {
      ProviderRequest request = TestImages.withReference(new ProviderRequest("Lulu Pig at Halloween", "", 2, shape,
          null, null));
      BigDecimal held = openai.mostUsd(request);
      ProviderResult.Images images = assertInstanceOf(ProviderResult.Images.class,
          openai.generate(request, ProviderProgress.NONE));

      assertTrue(images.reportedCostUsd().compareTo(held) <= 0, shape + ": reported " + images.reportedCostUsd()
          + ", held " + held);
      assertTrue(held.subtract(images.reportedCostUsd()).compareTo(new BigDecimal("0.005")) < 0, shape + ": held "
          + held + " is within half a cent of " + images.reportedCostUsd());
    }
    // the picture's 194 input tokens at $10/M are in the cost: 31 x $5/M + 194 x $10/M + 2 x 1,056 x $40/M
    assertEquals(0, new BigDecimal("0.086575").compareTo(assertInstanceOf(ProviderResult.Images.class,
        openai.generate(TestImages.withReference(new ProviderRequest("Lulu", "", 2, AspectRatio.SQUARE, null, null)),
            ProviderProgress.NONE)).reportedCostUsd()));
  }

  @Test
  void edit_heldMoreThanTheSameGeneration_byThePicturesMostInputTokens() {
    ProviderRequest plain = new ProviderRequest("Lulu", "", 1, AspectRatio.SQUARE, null, null);

    // 581 image input tokens at $10/M
    assertEquals(0, new BigDecimal("0.00581").compareTo(
        openai.mostUsd(TestImages.withReference(plain)).subtract(openai.mostUsd(plain))));
  }

  @Test
  void edit_sendsTheFieldsAsAFormBesideThePicture() throws Exception {
    openai.generate(TestImages.withReference(new ProviderRequest("Lulu Pig", "", 3, AspectRatio.TALL, null, null)),
        ProviderProgress.NONE);

    String form = fake.calls().get(0).getBody().utf8();
    assertTrue(form.contains("name=\"model\"\r\n") && form.contains("gpt-image-1"), form);
    assertTrue(form.contains("name=\"size\"") && form.contains("1024x1536"), "portrait size");
    assertTrue(form.contains("name=\"image\"; filename=\"reference.jpg\"\r\nContent-Type: image/jpeg"),
        "the picture as a JPEG file");
  }

  @Test
  void edit_invalidImageFile_permanent() throws Exception {
    fake.then(new FakeOpenAiServer.ApiError(400, "invalid_image_file", "invalid_request_error"));

    assertInstanceOf(ProviderFailure.Permanent.class, openai.generate(TestImages.withReference(
        new ProviderRequest("Lulu", "", 1, AspectRatio.SQUARE, null, null)), ProviderProgress.NONE));
  }

  @Test
  void info_takesAReferenceButDoesNotNeedOne() {
    assertTrue(openai.info().supportsReferenceImage());
    assertFalse(openai.info().requiresReferenceImage());
  }
}

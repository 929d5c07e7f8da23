package io.rolemarket.imagebot.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the router orders providers for a request that carries a picture of the character, and for one without. */
class ReferenceRoutingTest {
  private static final byte[] PICTURE = {(byte) 0x89, 'P', 'N', 'G'};
  private static final ProviderRequest WITH = new ProviderRequest("lulu at halloween", "", 1, AspectRatio.SQUARE,
      null, PICTURE);
  private static final ProviderRequest WITHOUT = new ProviderRequest("lulu at halloween", "", 1, AspectRatio.SQUARE,
      null, null);
  private static final RouterSettings QUICK = new RouterSettings(2, Duration.ofMillis(10), Duration.ofSeconds(1),
      new Deadlines(Duration.ofSeconds(5), Duration.ofSeconds(10)), Map.of(), 5, Duration.ofSeconds(30),
      Duration.ofHours(6), Set.of("midjourney"), "HK", Duration.ofMinutes(3), Duration.ofMinutes(12), Map.of());

  private final List<ProviderRouter> routers = new ArrayList<>();

  @AfterEach
  void closeRouters() {
    routers.forEach(ProviderRouter::close);
  }

  private ProviderRouter router(ImageProvider... providers) {
    ProviderRouter router = new ProviderRouter(List.of(providers), QUICK, Clock.systemUTC());
    routers.add(router);
    return router;
  }

  private static ProviderInfo info(String id, String cost, int seconds, boolean takesReference) {
    return new ProviderInfo(id, "Provider " + id, id + "-model", 1, EnumSet.allOf(AspectRatio.class), true, true,
        takesReference, new BigDecimal(cost), Duration.ofSeconds(seconds), 4, id.equals("gemini") ? Set.of("HK")
            : Set.of());
  }

  private static RouteOutcome generate(ProviderRouter router, ProviderRequest request, String budgetUsd)
      throws InterruptedException {
    return router.generate(new RouteRequest(RouteChoice.balanced(), request, "test:alice", new BigDecimal(budgetUsd)),
        event -> { });
  }

  private static String deliveredBy(RouteOutcome outcome) {
    return assertInstanceOf(RouteOutcome.Delivered.class, outcome, outcome::toString).provider().id();
  }

  private static List<String> ids(List<ProviderInfo> plan) {
    return plan.stream().map(ProviderInfo::id).toList();
  }

  private static ScriptedProvider provider(String id, String cost, int seconds, boolean takesReference) {
    return ScriptedProvider.of(info(id, cost, seconds, takesReference));
  }

  private final ScriptedProvider flux = provider("flux", "0.0012", 10, false);
  private final ScriptedProvider sdxl = provider("sdxl", "0.0006", 5, false);
  private final ScriptedProvider openai = provider("openai", "0.042", 30, true);
  private final ScriptedProvider sdwebui = provider("sdwebui", "0", 20, true);
  private final ScriptedProvider kontext = ScriptedProvider.of(info("kontext", "0.0025", 15, true)
      .requiringReferenceImage());

  @Test
  void plan_withReference_takersFirstInTheTiersOrder() {
    ProviderRouter router = router(flux, sdxl, kontext, openai, sdwebui);

    assertEquals(List.of("kontext", "openai", "sdwebui", "flux", "sdxl"),
        ids(router.plan(RouteChoice.balanced(), true)));
    assertEquals(List.of("sdwebui", "kontext", "openai", "sdxl", "flux"),
        ids(router.plan(new RouteChoice(null, Tier.CHEAP), true)));
    assertEquals(List.of("kontext", "sdwebui", "openai", "sdxl", "flux"),
        ids(router.plan(new RouteChoice(null, Tier.FAST), true)));
  }

  @Test
  void plan_withoutReference_theTiersOrderWithoutThoseThatNeedOne() {
    ProviderRouter router = router(flux, sdxl, kontext, openai, sdwebui);

    assertEquals(List.of("flux", "sdxl", "openai", "sdwebui"), ids(router.plan(RouteChoice.balanced(), false)));
    assertEquals(List.of("flux", "sdxl", "openai", "sdwebui"), ids(router.plan(RouteChoice.balanced())));
  }

  @Test
  void generate_withReference_theProviderThatTakesItDraws() throws Exception {
    ProviderRouter router = router(flux, sdxl, openai);

    assertEquals("openai", deliveredBy(generate(router, WITH, "10")));
    assertEquals(0, flux.calls());
    assertSame(PICTURE, openai.requests().get(0).referenceImage());
  }

  @Test
  void generate_withoutReference_needsOneProviderNeverCalled() throws Exception {
    ProviderRouter router = router(kontext, flux);

    assertEquals("flux", deliveredBy(generate(router, WITHOUT, "10")));
    assertEquals(0, kontext.calls());
  }

  @Test
  void generate_takerFails_fallsBackToTheOthers() throws Exception {
    kontext.alwaysFail(new ProviderFailure.Permanent("not served", "HF_PROVIDER"));
    ProviderRouter router = router(flux, kontext);

    assertEquals("flux", deliveredBy(generate(router, WITH, "10")));
    assertEquals(1, kontext.calls());
  }

  @Test
  void generate_takerOverBudget_theOthersDraw() throws Exception {
    ProviderRouter router = router(flux, openai);

    assertEquals("flux", deliveredBy(generate(router, WITH, "0.01")));
    assertEquals(0, openai.calls());
  }

  @Test
  void plan_takerOutOfRegion_notPlanned() {
    ProviderRouter router = router(flux, provider("gemini", "0.039", 10, true));

    assertEquals(List.of("flux"), ids(router.plan(RouteChoice.balanced(), true)));
  }

  @Test
  void plan_premiumTaker_onlyForTheQualityTier() {
    ProviderRouter router = router(flux, provider("midjourney", "0.02", 20, true));

    assertEquals(List.of("flux"), ids(router.plan(RouteChoice.balanced(), true)));
    assertEquals(List.of("midjourney", "flux"), ids(router.plan(new RouteChoice(null, Tier.QUALITY), true)));
  }

  @Test
  void plan_namedProvider_winsWithOrWithoutReference() {
    ProviderRouter router = router(flux, kontext, openai);

    assertEquals(List.of("flux"), ids(router.plan(new RouteChoice("flux", Tier.BALANCED), true)));
    assertEquals(List.of("kontext"), ids(router.plan(new RouteChoice("kontext", Tier.BALANCED), false)));
  }

  @Test
  void providerInfo_requiringWithoutSupporting_refused() {
    assertThrows(IllegalArgumentException.class, () -> new ProviderInfo("x", "X", "x", 1,
        EnumSet.allOf(AspectRatio.class), false, false, false, BigDecimal.ONE, Duration.ZERO, 1, Set.of(),
        BigDecimal.ZERO, true));
  }
}

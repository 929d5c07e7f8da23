package io.rolemarket.imagebot.core.testing;

import io.rolemarket.imagebot.core.provider.ActionableProvider;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderAction;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.core.provider.ResumableProvider;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A job-based provider with Midjourney's actions, playing a script: each job (generation or action) is
 * reported as submitted under {@code job-1}, {@code job-2}, …; a generation answers the asked count, an
 * upscale (U1–U4) one picture, a variation or reroll four; scripted action failures are played first; a
 * resumed job answers the asked count without a new submit. Records every action as {@code parent/action}
 * and every resumed job id, and counts generations. Safe for concurrent use.
 */
public final class ScriptedActionableProvider implements ActionableProvider, ResumableProvider {
  private static final List<ProviderAction> ACTIONS = List.of(ProviderAction.upscale(1), ProviderAction.upscale(2),
      ProviderAction.upscale(3), ProviderAction.upscale(4), ProviderAction.variation(1), ProviderAction.variation(2),
      ProviderAction.variation(3), ProviderAction.variation(4), ProviderAction.reroll());

  private final ProviderInfo info;
  private final AtomicInteger jobs = new AtomicInteger();
  private final AtomicInteger generations = new AtomicInteger();
  private final Deque<ProviderFailure> actionFailures = new ArrayDeque<>();
  private final List<String> acted = Collections.synchronizedList(new ArrayList<>());
  private final List<String> resumed = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean holdActions;

  private ScriptedActionableProvider(ProviderInfo info) {
    this.info = info;
  }

  /** A provider called {@code id} costing {@code costUsd} an image, up to four images a call. */
  public static ScriptedActionableProvider named(String id, String costUsd) {
    return new ScriptedActionableProvider(new ProviderInfo(id, "Scripted " + id, id + "-model", 4,
        EnumSet.allOf(AspectRatio.class), true, true, false, new BigDecimal(costUsd), Duration.ofSeconds(1), 4,
        Set.of()));
  }

  /** The next actions fail like this, in order; later ones succeed. */
  public synchronized ScriptedActionableProvider thenFailActions(ProviderFailure... failures) {
    actionFailures.addAll(List.of(failures));
    return this;
  }

  /** Actions from now on run until their call is interrupted (a cancelled press), after reporting their job. */
  public ScriptedActionableProvider holdActions() {
    holdActions = true;
    return this;
  }

  /** Every action run so far, as {@code parentRemoteJobId/action}. */
  public List<String> acted() {
    synchronized (acted) {
      return List.copyOf(acted);
    }
  }

  /** Every job id resumed so far, in order. */
  public List<String> resumed() {
    synchronized (resumed) {
      return List.copyOf(resumed);
    }
  }

  /** How many generations (not actions) were asked for so far. */
  public int generations() {
    return generations.get();
  }

  @Override
  public ProviderInfo info() {
    return info;
  }

  @Override
  public ProviderResult generate(ProviderRequest request, ProviderProgress progress) {
    generations.incrementAndGet();
    int job = jobs.incrementAndGet();
    progress.submitted("job-" + job);
    progress.report(50, "drawing");
    return new ProviderResult.Images(pictures(job, request.count()));
  }

  @Override
  public ProviderResult resume(String remoteJobId, ProviderRequest request, ProviderProgress progress) {
    resumed.add(remoteJobId);
    return new ProviderResult.Images(pictures(1000 + resumed.size(), request.count()));
  }

  @Override
  public List<ProviderAction> actions() {
    return ACTIONS;
  }

  @Override
  public int imagesFor(ProviderAction action) {
    return upscale(action) ? 1 : 4;
  }

  @Override
  public boolean offersActionsAfter(ProviderAction action) {
    return !upscale(action);
  }

  @Override
  public ProviderResult act(String parentRemoteJobId, ProviderAction action, ProviderProgress progress)
      throws InterruptedException {
    int job = jobs.incrementAndGet();
    progress.submitted("job-" + job);
    acted.add(parentRemoteJobId + "/" + action.label());
    if (holdActions) {
      new CountDownLatch(1).await();
    }
    ProviderFailure failure;
    synchronized (this) {
      failure = actionFailures.poll();
    }
    if (failure != null) {
      return failure;
    }
    progress.report(50, "drawing");
    return new ProviderResult.Images(pictures(job, imagesFor(action)));
  }

  private static boolean upscale(ProviderAction action) {
    if (!ACTIONS.contains(action)) {
      throw new IllegalArgumentException("no action '" + action + "'");
    }
    return action.single();
  }

  private static List<GeneratedImage> pictures(int job, int count) {
    List<GeneratedImage> pictures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pictures.add(ScriptedProvider.image(job * 97 + i * 13 + 1));
    }
    return pictures;
  }
}

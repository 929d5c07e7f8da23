package io.rolemarket.imagebot.core.testing;

import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * A provider that plays a script: each call takes the next scripted failure, or succeeds once the
 * script is used up; optional latency; counts and records every call. Safe for concurrent use.
 */
public final class ScriptedProvider implements ImageProvider {
  private volatile ProviderInfo info;
  private final Deque<ProviderFailure> script = new ArrayDeque<>();
  private final Deque<GeneratedImage> pictures = new ArrayDeque<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final List<ProviderRequest> requests = Collections.synchronizedList(new ArrayList<>());
  private volatile Duration latency = Duration.ZERO;
  private volatile Duration progressEvery = Duration.ZERO;
  private volatile GeneratedImage fixedImage;
  private volatile boolean failForever;
  private volatile ProviderFailure foreverFailure;

  private ScriptedProvider(ProviderInfo info) {
    this.info = info;
  }

  /** A provider called {@code id} costing {@code costUsd} an image, one image a call, 4 calls at once. */
  public static ScriptedProvider named(String id, String costUsd) {
    return new ScriptedProvider(new ProviderInfo(id, "Scripted " + id, id + "-model", 1,
        EnumSet.allOf(AspectRatio.class), true, true, false, new BigDecimal(costUsd), Duration.ofSeconds(1), 4, java.util.Set.of()));
  }

  /** A provider with exactly this description. */
  public static ScriptedProvider of(ProviderInfo info) {
    return new ScriptedProvider(info);
  }

  /**
   * Declares that a call usually takes {@code value} (what the router expects before it has measured any);
   * set it before the provider is given to a router.
   */
  public ScriptedProvider typically(Duration value) {
    ProviderInfo old = info;
    this.info = new ProviderInfo(old.id(), old.displayName(), old.model(), old.maxImagesPerCall(),
        old.aspectRatios(), old.supportsSeed(), old.supportsNegativePrompt(), old.supportsReferenceImage(),
        old.costPerImageUsd(), value, old.maxConcurrentCalls(), old.blockedRegions(), old.costPerCallUsd());
    return this;
  }

  /** Each call waits this long before answering. */
  public ScriptedProvider latency(Duration value) {
    this.latency = value;
    return this;
  }

  /** Every image is this one (no encoding per call: for benchmarks of the core itself). */
  public ScriptedProvider fixedImage(GeneratedImage image) {
    this.fixedImage = image;
    return this;
  }

  /** While waiting out its latency, each call reports progress this often (zero: never). */
  public ScriptedProvider progressEvery(Duration value) {
    this.progressEvery = value;
    return this;
  }

  /** The next calls fail like this, in order; calls after them succeed. */
  public synchronized ScriptedProvider thenFail(ProviderFailure... failures) {
    script.addAll(List.of(failures));
    return this;
  }

  /** The next pictures made are these, in order, one per picture; pictures after them are made as usual. */
  public synchronized ScriptedProvider thenPictures(GeneratedImage... next) {
    pictures.addAll(List.of(next));
    return this;
  }

  /** Every call fails like this. */
  public ScriptedProvider alwaysFail(ProviderFailure failure) {
    this.foreverFailure = failure;
    this.failForever = true;
    return this;
  }

  /** Calls made so far. */
  public int calls() {
    return calls.get();
  }

  /** Every request received, in order. */
  public List<ProviderRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Failures scripted but not played yet. */
  public synchronized int unplayed() {
    return script.size();
  }

  @Override
  public ProviderInfo info() {
    return info;
  }

  @Override
  public ProviderResult generate(ProviderRequest request, ProviderProgress progress) throws InterruptedException {
    calls.incrementAndGet();
    requests.add(request);
    if (!latency.isZero()) {
      if (progressEvery.isZero()) {
        Thread.sleep(latency);
      } else {
        long end = System.nanoTime() + latency.toNanos();
        int tick = 0;
        while (System.nanoTime() < end) {
          Thread.sleep(Math.min(progressEvery.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
          progress.report(Math.min(99, ++tick), "working");
        }
      }
    }
    if (failForever) {
      return foreverFailure;
    }
    ProviderFailure next;
    synchronized (this) {
      next = script.poll();
    }
    if (next != null) {
      return next;
    }
    List<GeneratedImage> images = new ArrayList<>();
    for (int i = 0; i < request.count(); i++) {
      GeneratedImage fixed = fixedImage;
      GeneratedImage queued;
      synchronized (this) {
        queued = pictures.poll();
      }
      images.add(queued != null ? queued : fixed != null ? fixed : image(request.prompt().hashCode() + i));
    }
    progress.report(100, "done");
    return new ProviderResult.Images(images);
  }

  /** A small PNG whose colour depends on {@code salt}. */
  public static GeneratedImage image(int salt) {
    BufferedImage picture = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    var g = picture.createGraphics();
    g.setColor(new Color(salt & 0xffffff));
    g.fillRect(0, 0, 64, 64);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(picture, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new GeneratedImage(out.toByteArray(), ImageFormat.PNG, 64, 64, (long) salt);
  }
}

package io.rolemarket.imagebot.providers.hook;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open webhook callbacks of job-based providers. A client {@link #open opens} a hook before it submits a
 * job: a callback URL {@code <public base>/<provider>/<token>} with 256 random bits as token, which it
 * passes to the vendor ({@code hookUrl}, {@code webhook}); the job's wait then wakes as soon as a call to
 * that URL is {@link #deliver delivered} and verified. A call for a token that is not open (a guess, a
 * closed job, a job from before a restart) or failing the hook's {@link HookCheck} is refused and logged;
 * tokens never appear in logs. Safe for concurrent use.
 */
public final class JobHooks {
  /** What became of a delivered call. */
  public enum Delivery {
    /** Handed to the waiting job (answer 200). */
    ACCEPTED,
    /** No open hook has this provider and token (answer 404). */
    UNKNOWN,
    /** The hook is open but the vendor's check failed (answer 401). */
    REFUSED
  }

  private static final Logger log = LoggerFactory.getLogger(JobHooks.class);
  private static final Pattern PROVIDER = Pattern.compile("[a-z0-9-]{1,32}");
  private static final int KEPT_DELIVERIES = 8;

  private final HttpUrl publicBase;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentMap<String, Hook> open = new ConcurrentHashMap<>();

  /**
   * Hooks under {@code publicBase}, the URL at which vendors reach this bot's {@link JobHookServer}.
   *
   * @throws IllegalArgumentException when it is not https (vendors refuse plain http) or has a query
   */
  public JobHooks(HttpUrl publicBase) {
    Objects.requireNonNull(publicBase, "publicBase");
    if (!publicBase.isHttps() && !isLoopback(publicBase.host())) {
      throw new IllegalArgumentException("IMAGEBOT_HOOK_URL must be an https URL, was " + publicBase.redact());
    }
    if (publicBase.query() != null) {
      throw new IllegalArgumentException("IMAGEBOT_HOOK_URL must not have a query");
    }
    this.publicBase = publicBase;
  }

  /** The URL vendors call, without any job's token. */
  public HttpUrl publicBase() {
    return publicBase;
  }

  /**
   * Opens a callback for one job of {@code provider}; close it when the wait ends.
   *
   * @param check the vendor's signature check on top of the path, or null when the vendor signs nothing
   */
  public Hook open(String provider, @Nullable HookCheck check) {
    if (!PROVIDER.matcher(provider).matches()) {
      throw new IllegalArgumentException("provider must be 1..32 of a-z 0-9 -, was '" + provider + "'");
    }
    byte[] bits = new byte[32];
    random.nextBytes(bits);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    Hook hook = new Hook(provider, token, check,
        publicBase.newBuilder().addPathSegment(provider).addPathSegment(token).build());
    open.put(key(provider, token), hook);
    return hook;
  }

  /** The number of hooks open now. */
  public int openCount() {
    return open.size();
  }

  /**
   * Hands a call to {@code <provider>/<token>} to its job when the hook is open and the vendor's check
   * passes. Never blocks.
   *
   * @param header the call's headers by name, null when absent
   */
  public Delivery deliver(String provider, String token, Function<String, @Nullable String> header, byte[] body) {
    if (!PROVIDER.matcher(provider).matches()) {
      log.warn("refused a webhook call for an unknown provider");
      return Delivery.UNKNOWN;
    }
    Hook hook = open.get(key(provider, token));
    if (hook == null) {
      log.warn("refused a {} webhook call for a callback that is not open", provider);
      return Delivery.UNKNOWN;
    }
    if (hook.check != null && !hook.check.verify(header, body)) {
      log.warn("refused a {} webhook call that failed the vendor's signature check", provider);
      return Delivery.REFUSED;
    }
    if (!hook.offer(body.clone())) {
      log.debug("{} webhook call dropped: {} already waiting", provider, KEPT_DELIVERIES);
    }
    return Delivery.ACCEPTED;
  }

  private static String key(String provider, String token) {
    return provider + '/' + token;
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
  }

  /** One job's callback: its URL and the calls delivered to it. The wait side is confined to one thread. */
  public final class Hook implements AutoCloseable {
    private final String provider;
    private final String token;
    private final @Nullable HookCheck check;
    private final HttpUrl url;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<byte[]> deliveries = new ArrayDeque<>();

    private Hook(String provider, String token, @Nullable HookCheck check, HttpUrl url) {
      this.provider = provider;
      this.token = token;
      this.check = check;
      this.url = url;
    }

    /** The URL to give the vendor for this job. */
    public HttpUrl url() {
      return url;
    }

    /**
     * Waits up to {@code nanos} for a delivered call, which stays available to {@link #take}.
     *
     * @return whether a call is waiting
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean await(long nanos) throws InterruptedException {
      lock.lock();
      try {
        long left = nanos;
        while (deliveries.isEmpty()) {
          if (left <= 0) {
            return false;
          }
          left = arrived.awaitNanos(left);
        }
        return true;
      } finally {
        lock.unlock();
      }
    }

    /** The oldest delivered call's body, or null when none is waiting. */
    public byte @Nullable [] take() {
      lock.lock();
      try {
        return deliveries.pollFirst();
      } finally {
        lock.unlock();
      }
    }

    /** Keeps a delivered body for the waiting job; false when eight already wait. */
    private boolean offer(byte[] body) {
      lock.lock();
      try {
        if (deliveries.size() >= KEPT_DELIVERIES) {
          return false;
        }
        deliveries.addLast(body);
        arrived.signalAll();
        return true;
      } finally {
        lock.unlock();
      }
    }

    /** Stops accepting calls for this job; later calls are refused as unknown. */
    @Override
    public void close() {
      open.remove(key(provider, token), this);
    }

    @Override
    public String toString() {
      return "Hook[" + provider + "]";
    }
  }
}

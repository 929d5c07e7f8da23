package io.rolemarket.imagebot.providers.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;

class CappedBodyTest {
  /** An endless source of zeros that counts what was taken from it. */
  private static final class Endless implements Source {
    long taken;

    @Override
    public long read(Buffer sink, long byteCount) {
      sink.write(new byte[(int) byteCount]);
      taken += byteCount;
      return byteCount;
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }

  @Test
  void read_undeclaredEndlessBody_stopsJustPastTheLimit() {
    Endless endless = new Endless();
    BufferedSource source = Okio.buffer(endless);
    ResponseBody body = ResponseBody.create(source, MediaType.get("image/png"), -1);

    assertThrows(CappedBody.TooLarge.class, () -> CappedBody.read(body, 100_000));
    assertTrue(endless.taken < 100_000 + 64 * 1024, "read " + endless.taken);
  }

  @Test
  void read_declaredTooLarge_refusedBeforeReading() {
    Endless endless = new Endless();
    ResponseBody body = ResponseBody.create(Okio.buffer(endless), null, 200L * 1024 * 1024);

    assertThrows(CappedBody.TooLarge.class, () -> CappedBody.read(body, 1024 * 1024));
    assertTrue(endless.taken == 0);
  }

  @Test
  void read_withinTheLimit_wholeBody() throws Exception {
    byte[] bytes = new byte[5000];
    bytes[4999] = 7;
    assertArrayEquals(bytes, CappedBody.read(ResponseBody.create(bytes, null), 5000));
  }
}

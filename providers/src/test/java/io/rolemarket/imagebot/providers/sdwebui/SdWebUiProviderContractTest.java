package io.rolemarket.imagebot.providers.sdwebui;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.ImageProviderContract;
import java.time.Clock;
import okhttp3.HttpUrl;

/** The provider contract for SD WebUI started with {@code --api-auth lulu:<key>}. */
class SdWebUiProviderContractTest extends ImageProviderContract {
  @Override
  protected FakeProviderServer startFake() {
    return new FakeSdWebUiServer("lulu", FakeProviderServer.KEY);
  }

  @Override
  protected Endpoint endpoint(HttpUrl url) {
    return new Endpoint(url, "lulu:" + FakeProviderServer.KEY, keySetting(), TIMEOUT, MAX_BODY);
  }

  @Override
  protected ImageProvider provider(Endpoint endpoint) {
    return new SdWebUiProvider(HTTP, new ObjectMapper(), endpoint, Clock.systemUTC());
  }

  @Override
  protected String keySetting() {
    return "SD_WEBUI_AUTH";
  }
}

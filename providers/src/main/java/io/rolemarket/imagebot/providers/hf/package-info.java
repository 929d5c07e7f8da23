/**
 * Hugging Face Inference Providers: one {@link io.rolemarket.imagebot.providers.hf.HuggingFaceProvider}
 * per configured model (FLUX.1-dev, SDXL, more by configuration), all through the router, with the Hub's
 * provider mapping looked up once and shared ({@link io.rolemarket.imagebot.providers.hf.HubProviderMapping}).
 */
@NullMarked
package io.rolemarket.imagebot.providers.hf;

import org.jspecify.annotations.NullMarked;

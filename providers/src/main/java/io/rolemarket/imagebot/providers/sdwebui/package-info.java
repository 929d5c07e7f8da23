/** A self-hosted Stable Diffusion WebUI (AUTOMATIC1111 or Forge) through its {@code /sdapi/v1/txt2img} API. */
@NullMarked
package io.rolemarket.imagebot.providers.sdwebui;

import org.jspecify.annotations.NullMarked;

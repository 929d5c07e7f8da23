package io.rolemarket.imagebot.providers.hf;

/**
 * Which Inference Provider serves a model behind the router, and under what name.
 *
 * @param provider the router's path prefix, such as {@code hf-inference} or {@code fal-ai}
 * @param providerId the model's name at that provider (the Hub id for {@code hf-inference})
 */
record HfRoute(String provider, String providerId) {
  static final String HF_INFERENCE = "hf-inference";

  static HfRoute hfInference(String model) {
    return new HfRoute(HF_INFERENCE, model);
  }
}

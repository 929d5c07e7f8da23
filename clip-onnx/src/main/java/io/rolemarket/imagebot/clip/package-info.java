/**
 * CLIP ViT-B/32 image embeddings computed in-process with ONNX Runtime, from a vision model file the operator
 * provides: {@link io.rolemarket.imagebot.clip.OnnxClipEmbedder} is the front door (docs/clip-model.md).
 */
@NullMarked
package io.rolemarket.imagebot.clip;

import org.jspecify.annotations.NullMarked;

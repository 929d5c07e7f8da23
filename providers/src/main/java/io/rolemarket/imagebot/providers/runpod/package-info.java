/**
 * RunPod Serverless running the official SDXL worker: a job queued with {@code /run}, polled on
 * {@code /status/{id}} until a deadline and cancelled with {@code /cancel/{id}} when the deadline passes or
 * the call is cancelled; images come back as data URIs (or bucket URLs).
 */
@NullMarked
package io.rolemarket.imagebot.providers.runpod;

import org.jspecify.annotations.NullMarked;

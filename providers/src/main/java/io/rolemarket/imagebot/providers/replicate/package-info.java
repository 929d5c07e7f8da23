/**
 * Replicate's predictions API running the FLUX models (schnell, dev, pro) by name: a create call that
 * waits for the result where it can ({@code Prefer: wait}), then polling until a deadline, with the
 * prediction cancelled when the deadline passes or the call is cancelled.
 */
@NullMarked
package io.rolemarket.imagebot.providers.replicate;

import org.jspecify.annotations.NullMarked;

/**
 * Midjourney through TTAPI's {@code /midjourney/v1} API: an {@code imagine} job polled on {@code fetch}
 * with its percentage reported as progress; the 2×2 grid kept and split into its four pictures; the
 * upscale, variation and reroll buttons of a finished job as new jobs.
 */
@NullMarked
package io.rolemarket.imagebot.providers.ttapi;

import org.jspecify.annotations.NullMarked;

/**
 * Webhook completion for job-based providers (Replicate, TTAPI, RunPod): {@link
 * io.rolemarket.imagebot.providers.hook.JobHooks} opens one unguessable callback URL per job and wakes
 * that job's wait when a verified call arrives; {@link io.rolemarket.imagebot.providers.hook.JobHookServer}
 * is the local HTTP receiver behind the public URL. Polling stays on as the safety net: a webhook only
 * makes the wait end sooner and saves the poll that would have seen the same state.
 */
@NullMarked
package io.rolemarket.imagebot.providers.hook;

import org.jspecify.annotations.NullMarked;

/**
 * Requests run by another process (issue 20): the edge that took a request from a chat queues it ({@code
 * WorkQueue}) and waits for its outcome ({@link io.rolemarket.imagebot.core.work.Waiters}); a worker claims it and
 * runs it ({@link io.rolemarket.imagebot.core.work.Worker}); outcomes and progress travel through the store as JSON
 * ({@link io.rolemarket.imagebot.core.work.WorkCodec}).
 */
@NullMarked
package io.rolemarket.imagebot.core.work;

import org.jspecify.annotations.NullMarked;

package io.rolemarket.imagebot.core.quota;

/**
 * Images a user has used (committed or held) in the current UTC day and month.
 *
 * @param today images today
 * @param thisMonth images this month
 */
public record QuotaUsage(int today, int thisMonth) {}

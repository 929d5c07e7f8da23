/** Per-user image quotas: limits by role and the ledger port that reserves, commits and refunds. */
@NullMarked
package io.rolemarket.imagebot.core.quota;

import org.jspecify.annotations.NullMarked;

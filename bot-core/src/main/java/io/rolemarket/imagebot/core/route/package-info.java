/** Routing across providers, with retries, circuit breakers, bulkheads and timeouts (Failsafe). */
@NullMarked
package io.rolemarket.imagebot.core.route;

import org.jspecify.annotations.NullMarked;

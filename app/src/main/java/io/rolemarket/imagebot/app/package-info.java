/**
 * The runnable bot: {@link io.rolemarket.imagebot.app.Main} reads the configuration, wires the store,
 * the providers and the core, and starts the chat adapters whose tokens are set, or the console.
 */
@NullMarked
package io.rolemarket.imagebot.app;

import org.jspecify.annotations.NullMarked;

/** Rendering help shared by the chat adapters: grids of results, re-encoding to fit upload limits, the {@code /spend} chart. */
@NullMarked
package io.rolemarket.imagebot.core.render;

import org.jspecify.annotations.NullMarked;

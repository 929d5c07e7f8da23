/**
 * What the web library's templates show, as records: public only because the compiled jte templates live in a
 * package of their own. Nothing outside the {@code web} module uses them.
 */
@NullMarked
package io.rolemarket.imagebot.web.page;

import org.jspecify.annotations.NullMarked;

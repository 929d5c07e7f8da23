/** The generation use case: requests, results, progress events and the pipeline that runs them. */
@NullMarked
package io.rolemarket.imagebot.core.generate;

import org.jspecify.annotations.NullMarked;

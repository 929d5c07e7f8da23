/** How close a picture is to its character: embeddings of pictures and the consistency gate built on them. */
@NullMarked
package io.rolemarket.imagebot.core.score;

import org.jspecify.annotations.NullMarked;

/** Chat commands: the text grammar shared by every adapter and its parser. */
@NullMarked
package io.rolemarket.imagebot.core.command;

import org.jspecify.annotations.NullMarked;

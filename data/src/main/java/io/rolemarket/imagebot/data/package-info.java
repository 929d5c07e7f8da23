/**
 * The SQLite store: {@link io.rolemarket.imagebot.data.SqliteStore} implements every store port of
 * the core (quota ledger, job journal, image blobs, history, users) over one database file and a blob
 * directory beside it.
 */
@NullMarked
package io.rolemarket.imagebot.data;

import org.jspecify.annotations.NullMarked;

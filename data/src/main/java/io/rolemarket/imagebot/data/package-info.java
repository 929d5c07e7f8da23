/**
 * The store: {@link io.rolemarket.imagebot.data.SqliteStore} (one SQLite file) and
 * {@link io.rolemarket.imagebot.data.PostgresStore} (a PostgreSQL database through a pool), both a
 * {@link io.rolemarket.imagebot.data.SqlStore}, implement every store port of the core (quota ledger, job journal,
 * image blobs, history, users, reviews) with one SQL text per port and a blob directory;
 * {@link io.rolemarket.imagebot.data.SqliteToPostgres} copies the first into the second.
 */
@NullMarked
package io.rolemarket.imagebot.data;

import org.jspecify.annotations.NullMarked;

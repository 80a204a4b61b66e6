/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-fts.h: the settings of the case's text index (messages_fts, FTS5)
 * for the bulk writes of ingest and merge: a larger pending index in
 * memory, so that each evidence or shard is written out as fewer, larger
 * segments and FTS5 merges them less often (docs/performance.md).
 */
#ifndef MAILCASE_CASE_FTS_H
#define MAILCASE_CASE_FTS_H

#include <stddef.h>
#include <sqlite3.h>

/* FTS5's 'hashsize' for messages_fts: bytes of pending index kept in
 * memory before they are written out as a segment (FTS5's default is
 * 1 MiB). */
#define MC_FTS_HASHSIZE (16 * 1024 * 1024)

/* Sets messages_fts's 'hashsize' in the case db (schema main) to
 * MC_FTS_HASHSIZE unless it is already: FTS5 keeps it in
 * messages_fts_config, so it lasts. Call inside a write transaction.
 * 0, or -1 with SQLite's message in why. */
int mc_case_fts_tune(sqlite3 *db, char *why, size_t whylen);

#endif

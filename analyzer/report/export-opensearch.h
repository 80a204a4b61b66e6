/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * export-opensearch.h: a case as OpenSearch/Elasticsearch bulk NDJSON
 * (`mailcase export --format opensearch`) and the index template that maps
 * it (`--format opensearch-template`), so that a team can search a case in
 * the engine Timesketch and Datashare run on (docs/export-opensearch.md).
 *
 * Three indices share a prefix: PREFIX-messages (one document per message,
 * with its recipients, attachments, analysis and body text), PREFIX-findings
 * and PREFIX-events (the timeline of `mailcase timeline`). Document ids are
 * content-derived, so that loading the same evidence from two cases into
 * one index does not duplicate it: a message's is the SHA-256 of its
 * evidence's SHA-256 and its locator; a finding's, of its rule, identity,
 * first_seen and summary; an event's, of its kind, time and the id of the
 * document it belongs to.
 */
#ifndef MAILCASE_EXPORT_OPENSEARCH_H
#define MAILCASE_EXPORT_OPENSEARCH_H

#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>

#define MC_OS_DEFAULT_PREFIX "mailcase"

/* 1 if prefix is usable as the start of an index name: 1 to 200 bytes of
 * lower-case ASCII letters, digits, '-', '_' and '.', not starting with
 * '-', '_', '+' or '.'. */
int mc_os_prefix_valid(const char *prefix);

/* Writes the bulk NDJSON of every message, finding and timeline event of
 * the case to f (an action line, then the document, each ending in '\n').
 * *docs counts the documents written; tick (may be NULL) is called after
 * each. Returns 0, or -1 with a message in err. */
int mc_os_write_bulk(sqlite3 *db, FILE *f, const char *prefix, uint64_t *docs,
                     void (*tick)(void *ctx), void *tick_ctx, char *err, size_t errlen);

/* Writes the composable index template for PREFIX-* (the body of
 * PUT _index_template/PREFIX). */
void mc_os_write_template(FILE *f, const char *prefix);

/* The number of documents mc_os_write_bulk writes (for progress), or -1. */
int64_t mc_os_count(sqlite3 *db);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-fts.c: the text index's settings for bulk writes (case-fts.h),
 * through FTS5's documented configuration insert.
 */
#include "config.h"

#include <stdio.h>

#include "case-fts.h"

int mc_case_fts_tune(sqlite3 *db, char *why, size_t whylen)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT v FROM main.messages_fts_config WHERE k = 'hashsize'",
	                            -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	int set = rc == SQLITE_ROW && sqlite3_column_int64(st, 0) == MC_FTS_HASHSIZE;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		snprintf(why, whylen, "%s", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	if (set)
		return 0;
	char sql[128];
	snprintf(sql, sizeof sql, "INSERT INTO main.messages_fts(messages_fts, rank)"
	         " VALUES ('hashsize', %d)", MC_FTS_HASHSIZE);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(why, whylen, "%s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-check.c: the case file's integrity and consistency checks (verify).
 */
#include "config.h"

#include <string.h>

#include "case-check.h"

#define MAX_LISTED 20   /* problems listed per check; the rest are counted */

/* Each check selects one sentence per problem found, in a stable order. */
static const char *const CONSISTENCY_SQL[] = {
	"SELECT 'evidence ' || id || ': status ' || quote(status) || ' is not a final status'"
	" FROM evidence WHERE status IS NULL OR status NOT IN ('ok','partial','failed','skipped')"
	" ORDER BY id",

	"SELECT 'evidence ' || id || ': message_count ' || n || ' but ' || rows || ' message rows'"
	" FROM (SELECT e.id, e.message_count AS n, (SELECT count(*) FROM messages m"
	"  WHERE m.evidence_id = e.id AND m.origin <> 'embedded') AS rows FROM evidence e)"
	" WHERE n IS NOT rows ORDER BY id",

	"SELECT 'evidence ' || id || ': embedded_count ' || n || ' but ' || rows ||"
	" ' embedded message rows'"
	" FROM (SELECT e.id, e.embedded_count AS n, (SELECT count(*) FROM messages m"
	"  WHERE m.evidence_id = e.id AND m.origin = 'embedded') AS rows FROM evidence e)"
	" WHERE n IS NOT rows ORDER BY id",

	"SELECT 'evidence ' || id || ': folder_count ' || n || ' but ' || rows || ' folder rows'"
	" FROM (SELECT e.id, e.folder_count AS n, (SELECT count(*) FROM folders f"
	"  WHERE f.evidence_id = e.id) AS rows FROM evidence e)"
	" WHERE n IS NOT rows ORDER BY id",

	"SELECT 'evidence ' || id || ': problem_count ' || n || ' but ' || rows || ' problem rows'"
	" FROM (SELECT e.id, e.problem_count AS n, (SELECT count(*) FROM problems p"
	"  WHERE p.evidence_id = e.id) AS rows FROM evidence e)"
	" WHERE n IS NOT rows ORDER BY id",

	"SELECT 'evidence ' || id || ': duplicate_of ' || dup || CASE WHEN other IS NULL"
	"  THEN ' names no evidence' ELSE ' has another SHA-256' END"
	" FROM (SELECT e.id, e.duplicate_of AS dup, d.id AS other, e.sha256 AS s, d.sha256 AS ds"
	"  FROM evidence e LEFT JOIN evidence d ON d.id = e.duplicate_of"
	"  WHERE e.duplicate_of IS NOT NULL)"
	" WHERE other IS NULL OR s IS NOT ds ORDER BY id",

	"SELECT 'folder ' || id || ' (evidence ' || evidence_id || '): message_count ' || n ||"
	" ' but ' || rows || ' message rows'"
	" FROM (SELECT f.id, f.evidence_id, f.message_count AS n, (SELECT count(*) FROM messages m"
	"  WHERE m.folder_id = f.id) AS rows FROM folders f)"
	" WHERE n IS NOT rows ORDER BY id",

	"SELECT 'message ' || id || ': attachment_count ' || n || ' but ' || rows ||"
	" ' attachment rows'"
	" FROM (SELECT m.id, m.attachment_count AS n, (SELECT count(*) FROM attachments a"
	"  WHERE a.message_id = m.id) AS rows FROM messages m)"
	" WHERE n IS NOT rows ORDER BY id",

	"SELECT 'message ' || id || ': recipient_count ' || n || ' but ' || rows ||"
	" ' recipient rows'"
	" FROM (SELECT m.id, m.recipient_count AS n, (SELECT count(*) FROM recipients r"
	"  WHERE r.message_id = m.id) AS rows FROM messages m)"
	" WHERE n IS NOT rows ORDER BY id",

	"SELECT 'foreign key: ' || \"table\" || ' row ' || coalesce(rowid, '?') ||"
	" ' refers to a missing ' || parent || ' row' FROM pragma_foreign_key_check",
};

static const char NOTES_SQL[] =
	"SELECT 'run ' || id || ' (' || command || ', started ' || started_at || ')"
	" did not record its end: it was stopped before it could, or is still running'"
	" FROM runs WHERE finished_at IS NULL ORDER BY id";

/* Appends the sentences sql selects to list (at most MAX_LISTED, then a
 * count of the rest). Returns the number of rows, or -1 on an SQL error,
 * which is itself listed. */
static long long collect(sqlite3 *db, const char *sql, GPtrArray *list)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		g_ptr_array_add(list, g_strdup_printf("cannot run a check: %s", sqlite3_errmsg(db)));
		sqlite3_finalize(st);
		return -1;
	}
	long long n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *text = sqlite3_column_text(st, 0);
		if (n++ < MAX_LISTED)
			g_ptr_array_add(list, g_strdup(text ? (const char *)text : "(null)"));
	}
	if (n > MAX_LISTED)
		g_ptr_array_add(list, g_strdup_printf("... and %lld more like the last", n - MAX_LISTED));
	if (rc != SQLITE_DONE) {
		g_ptr_array_add(list, g_strdup_printf("a check stopped: %s", sqlite3_errmsg(db)));
		n = -1;
	}
	sqlite3_finalize(st);
	return n;
}

static long long count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

int mc_case_check(sqlite3 *db, struct mc_case_check *out)
{
	memset(out, 0, sizeof *out);
	out->integrity = g_ptr_array_new_with_free_func(g_free);
	out->problems = g_ptr_array_new_with_free_func(g_free);
	out->notes = g_ptr_array_new_with_free_func(g_free);

	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
	collect(db, "PRAGMA integrity_check(100)", lines);
	for (guint i = 0; i < lines->len; i++) {
		const char *line = g_ptr_array_index(lines, i);
		if (strcmp(line, "ok") != 0)
			g_ptr_array_add(out->integrity, g_strdup(line));
	}
	if (lines->len == 0)
		g_ptr_array_add(out->integrity, g_strdup("integrity_check returned nothing"));
	g_ptr_array_free(lines, TRUE);
	if (out->integrity->len)
		return 1;

	out->evidence = count(db, "SELECT count(*) FROM evidence");
	out->messages = count(db, "SELECT count(*) FROM messages");
	for (size_t i = 0; i < G_N_ELEMENTS(CONSISTENCY_SQL); i++)
		collect(db, CONSISTENCY_SQL[i], out->problems);
	collect(db, NOTES_SQL, out->notes);
	return out->problems->len ? 2 : 0;
}

void mc_case_check_clear(struct mc_case_check *c)
{
	if (c->integrity)
		g_ptr_array_free(c->integrity, TRUE);
	if (c->problems)
		g_ptr_array_free(c->problems, TRUE);
	if (c->notes)
		g_ptr_array_free(c->notes, TRUE);
	memset(c, 0, sizeof *c);
}

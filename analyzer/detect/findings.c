/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * findings.c: building and storing findings and their message links.
 */
#include "config.h"

#include <string.h>

#include "analyze.h"
#include "case-db.h"
#include "log.h"

struct mc_finding *mc_finding_new(const char *rule, const char *severity,
                                  double confidence, const char *identity)
{
	struct mc_finding *f = g_new0(struct mc_finding, 1);
	f->rule = rule;
	f->severity = severity;
	f->confidence = confidence;
	f->identity = g_strdup(identity);
	f->summary = g_string_new(NULL);
	f->details = g_string_new(NULL);
	f->messages = g_array_new(FALSE, FALSE, sizeof(long long));
	f->roles = g_ptr_array_new();
	return f;
}

void mc_finding_free(struct mc_finding *f)
{
	if (!f)
		return;
	g_free(f->identity);
	g_free(f->first_seen);
	g_free(f->last_seen);
	g_string_free(f->summary, TRUE);
	g_string_free(f->details, TRUE);
	g_array_free(f->messages, TRUE);
	g_ptr_array_free(f->roles, TRUE);
	g_free(f);
}

void mc_finding_add_message(struct mc_finding *f, long long message_id, const char *role)
{
	for (guint i = 0; i < f->messages->len; i++)
		if (g_array_index(f->messages, long long, i) == message_id)
			return;
	g_array_append_val(f->messages, message_id);
	g_ptr_array_add(f->roles, (gpointer)role);
}

void mc_finding_seen(struct mc_finding *f, const char *t)
{
	if (!t)
		return;
	if (!f->first_seen || strcmp(t, f->first_seen) < 0) {
		g_free(f->first_seen);
		f->first_seen = g_strdup(t);
	}
	if (!f->last_seen || strcmp(t, f->last_seen) > 0) {
		g_free(f->last_seen);
		f->last_seen = g_strdup(t);
	}
}

int mc_finding_store(sqlite3 *db, struct mc_finding *f, struct mc_analyze_totals *t)
{
	int rc = -1;
	if (f->messages->len == 0) {
		/* Nothing is reported without messages behind it. */
		mc_finding_free(f);
		return 0;
	}
	sqlite3_stmt *st = mc_case_prepare(db,
		"INSERT INTO findings(rule, severity, confidence, identity, first_seen, last_seen,"
		" summary, details) VALUES (?,?,?,?,?,?,?,?)");
	sqlite3_stmt *link = mc_case_prepare(db,
		"INSERT OR IGNORE INTO finding_messages(finding_id, message_id, role) VALUES (?,?,?)");
	if (!st || !link)
		goto out;
	sqlite3_bind_text(st, 1, f->rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->severity, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 3, f->confidence);
	sqlite3_bind_text(st, 4, f->identity, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, f->first_seen, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, f->last_seen, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, f->summary->str, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, f->details->len ? f->details->str : NULL, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto out;
	long long id = sqlite3_last_insert_rowid(db);
	for (guint i = 0; i < f->messages->len; i++) {
		sqlite3_bind_int64(link, 1, id);
		sqlite3_bind_int64(link, 2, g_array_index(f->messages, long long, i));
		sqlite3_bind_text(link, 3, g_ptr_array_index(f->roles, i), -1, SQLITE_STATIC);
		if (sqlite3_step(link) != SQLITE_DONE)
			goto out;
		sqlite3_reset(link);
	}
	t->findings++;
	rc = 0;
out:
	if (rc != 0)
		mc_error("analyze: cannot store a %s finding: %s", f->rule, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_finalize(link);
	mc_finding_free(f);
	return rc;
}

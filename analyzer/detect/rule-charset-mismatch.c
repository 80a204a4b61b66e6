/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rule-charset-mismatch.c: the rule charset-mismatch (docs/findings.md):
 * bodies whose declared charset the bytes contradict, one finding per
 * sender.
 */
#include "config.h"

#include "analyze.h"
#include "case-db.h"
#include "json-out.h"
#include "rules.h"

int mc_rule_charset_mismatch(sqlite3 *db, struct mc_analyze_totals *t)
{
	sqlite3_stmt *st = mc_case_prepare(db,
		"SELECT m.id, m.sender_identity, m.date_utc, m.charset_declared, m.charset_used"
		" FROM messages m WHERE m.charset_mismatch = 1"
		" ORDER BY coalesce(m.sender_identity, ''), m.date_utc, m.id");
	if (!st)
		return -1;
	int rc = 0;
	struct mc_finding *f = NULL;
	char *current = NULL;
	GHashTable *pairs = NULL;
	for (;;) {
		int row = sqlite3_step(st) == SQLITE_ROW;
		const char *who = row ? (const char *)sqlite3_column_text(st, 1) : NULL;
		if (f && (!row || g_strcmp0(who, current) != 0)) {
			GString *list = g_string_new(NULL);
			GHashTableIter it;
			gpointer k;
			g_hash_table_iter_init(&it, pairs);
			while (g_hash_table_iter_next(&it, &k, NULL))
				g_string_append_printf(list, "%s%s", list->len ? "; " : "", (char *)k);
			g_string_printf(f->summary, "%u message%s from %s declared a charset their "
			                "bytes contradict (%s)", f->messages->len,
			                f->messages->len == 1 ? "" : "s",
			                current ? current : "unknown senders", list->str);
			g_string_append(f->details, "{\"declared_as_decoded\":");
			mc_json_string(f->details, list->str);
			g_string_append_printf(f->details, ",\"count\":%u}", f->messages->len);
			g_string_free(list, TRUE);
			g_hash_table_destroy(pairs);
			rc = mc_finding_store(db, f, t);
			f = NULL;
		}
		if (!row || rc != 0)
			break;
		if (!f) {
			g_free(current);
			current = g_strdup(who);
			f = mc_finding_new(MC_RULE_CHARSET_MISMATCH, "info", 0.8, who);
			pairs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		}
		mc_finding_add_message(f, sqlite3_column_int64(st, 0), "evidence");
		mc_finding_seen(f, (const char *)sqlite3_column_text(st, 2));
		const char *decl = (const char *)sqlite3_column_text(st, 3);
		const char *used = (const char *)sqlite3_column_text(st, 4);
		g_hash_table_add(pairs, g_strdup_printf("%s as %s", decl ? decl : "(none)",
		                                        used ? used : "?"));
	}
	g_free(current);
	sqlite3_finalize(st);
	return rc;
}

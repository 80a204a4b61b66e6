/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rule-coordinated-language-switch.c: the rule coordinated-language-switch
 * (docs/findings.md): several identities whose system messages switched to
 * the same language over overlapping periods, one finding per language.
 *
 * Its evidence is the system-language-switch findings of the same analysis,
 * which the catalogue (rules.c) applies just before this rule: each one's
 * identity, new language, switch estimate and last message in that
 * language (details), and its first messages in that language (the links
 * with role "after", which the switch rule makes in time order).
 */
#include "config.h"

#include <string.h>

#include "analyze.h"
#include "case-db.h"
#include "json-out.h"
#include "rules.h"

#define FIRST_AFTER 5   /* messages in the new language linked per identity */

struct switch_found {
	char *identity;
	char *lang;
	char *estimate;
	char *last_seen;
	GArray *after_ids;   /* long long, the first few */
};

static const char SWITCHES_SQL[] =
	"SELECT id, identity, json_extract(details, '$.after.language'),"
	" json_extract(details, '$.switch_estimate'), json_extract(details, '$.after.last_seen')"
	" FROM findings WHERE rule = '" MC_RULE_SYSTEM_LANGUAGE_SWITCH "'"
	" AND severity IN ('high', 'critical') ORDER BY id";

static const char AFTER_SQL[] =
	"SELECT fm.message_id FROM finding_messages fm JOIN messages m ON m.id = fm.message_id"
	" WHERE fm.finding_id = ? AND fm.role = 'after' ORDER BY m.date_utc, m.id LIMIT ?";

static void switch_free(gpointer p)
{
	struct switch_found *s = p;
	g_free(s->identity);
	g_free(s->lang);
	g_free(s->estimate);
	g_free(s->last_seen);
	g_array_free(s->after_ids, TRUE);
	g_free(s);
}

static char *column_dup(sqlite3_stmt *st, int i)
{
	return g_strdup((const char *)sqlite3_column_text(st, i));
}

/* The switches found by system-language-switch, in the order it found
 * them; NULL on an SQLite error. */
static GPtrArray *load_switches(sqlite3 *db)
{
	sqlite3_stmt *st = mc_case_prepare(db, SWITCHES_SQL);
	sqlite3_stmt *after = mc_case_prepare(db, AFTER_SQL);
	if (!st || !after) {
		sqlite3_finalize(st);
		sqlite3_finalize(after);
		return NULL;
	}
	GPtrArray *found = g_ptr_array_new_with_free_func(switch_free);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct switch_found *sw = g_new0(struct switch_found, 1);
		sw->identity = column_dup(st, 1);
		sw->lang = column_dup(st, 2);
		sw->estimate = column_dup(st, 3);
		sw->last_seen = column_dup(st, 4);
		sw->after_ids = g_array_new(FALSE, FALSE, sizeof(long long));
		g_ptr_array_add(found, sw);
		sqlite3_bind_int64(after, 1, sqlite3_column_int64(st, 0));
		sqlite3_bind_int(after, 2, FIRST_AFTER);
		while (sqlite3_step(after) == SQLITE_ROW) {
			long long id = sqlite3_column_int64(after, 0);
			g_array_append_val(sw->after_ids, id);
		}
		sqlite3_reset(after);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(after);
	return found;
}

/* Several identities switching to the same language over overlapping
 * periods: one finding for the campaign. */
static int report_coordinated(sqlite3 *db, GPtrArray *found, struct mc_analyze_totals *t)
{
	GHashTable *done = g_hash_table_new(g_str_hash, g_str_equal);
	int rc = 0;
	for (guint i = 0; i < found->len && rc == 0; i++) {
		struct switch_found *a = g_ptr_array_index(found, i);
		if (g_hash_table_contains(done, a->lang))
			continue;
		GPtrArray *group = g_ptr_array_new();
		for (guint j = 0; j < found->len; j++) {
			struct switch_found *b = g_ptr_array_index(found, j);
			if (strcmp(a->lang, b->lang) == 0)
				g_ptr_array_add(group, b);
		}
		g_hash_table_add(done, a->lang);
		/* Overlap: every period starts before every other one ends. */
		int overlap = group->len >= 2;
		for (guint x = 0; x < group->len && overlap; x++)
			for (guint y = 0; y < group->len && overlap; y++) {
				struct switch_found *p = g_ptr_array_index(group, x);
				struct switch_found *q = g_ptr_array_index(group, y);
				overlap = strcmp(p->estimate, q->last_seen) <= 0;
			}
		if (overlap) {
			struct mc_finding *f = mc_finding_new(MC_RULE_COORDINATED_LANGUAGE_SWITCH,
			                                      "critical", 0.9, NULL);
			GString *ids = g_string_new(NULL);
			g_string_append(f->details, "{\"language\":");
			mc_json_string(f->details, a->lang);
			g_string_append(f->details, ",\"identities\":[");
			for (guint x = 0; x < group->len; x++) {
				struct switch_found *p = g_ptr_array_index(group, x);
				g_string_append_printf(ids, "%s%s", x ? ", " : "", p->identity);
				if (x)
					g_string_append_c(f->details, ',');
				g_string_append(f->details, "{\"identity\":");
				mc_json_string(f->details, p->identity);
				g_string_append(f->details, ",\"switch_estimate\":");
				mc_json_string(f->details, p->estimate);
				g_string_append(f->details, ",\"last_seen\":");
				mc_json_string(f->details, p->last_seen);
				g_string_append_c(f->details, '}');
				mc_finding_seen(f, p->estimate);
				mc_finding_seen(f, p->last_seen);
				for (guint m = 0; m < p->after_ids->len; m++)
					mc_finding_add_message(f, g_array_index(p->after_ids, long long, m), "after");
			}
			g_string_append(f->details, "]}");
			g_string_printf(f->summary, "%u identities' system messages switched to %s over "
			                "overlapping periods: %s", group->len, a->lang, ids->str);
			g_string_free(ids, TRUE);
			rc = mc_finding_store(db, f, t);
		}
		g_ptr_array_free(group, TRUE);
	}
	g_hash_table_destroy(done);
	return rc;
}

int mc_rule_coordinated_language_switch(sqlite3 *db, struct mc_analyze_totals *t)
{
	GPtrArray *found = load_switches(db);
	if (!found)
		return -1;
	int rc = report_coordinated(db, found, t);
	g_ptr_array_free(found, TRUE);
	return rc;
}
